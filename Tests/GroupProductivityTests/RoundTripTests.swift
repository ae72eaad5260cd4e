import BigInt
import Foundation
import SafeFiles
import Testing

@testable import GroupPresentation
@testable import GroupProductivity
@testable import GroupWorkflows

/// A small seeded generator (SplitMix64), so a failing case can be replayed from its seed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Canonical CSV round trip (property)")
struct RoundTripTests {
    static let names = ["㈱髙橋屋", "八百屋 青木", "Café \"Luna\"", "魚辰, 鮮魚", "ｶﾌｪ ﾐﾄﾞﾘ", "湯元①", "朝市　協同組合", "株式会社ＡＢＣ"]

    static func randomGroup(seed: UInt64) -> Group {
        var rng = SeededRandom(state: seed)
        let count = Int.random(in: 10...14, using: &rng)
        var members: [Member] = []
        var figures: [FigureKey: Figures] = [:]
        for i in 0..<count {
            let id = String(format: "%03d", i + 1)
            members.append(
                Member(
                    id: id, name: names[i % names.count] + "\(i)", role: i == 0 ? .representative : .participant,
                    priorGrant: Bool.random(using: &rng), usesITTool: i != 0 || Bool.random(using: &rng)))
            for period in Period.allCases {
                for kind in ValueKind.allCases where Int.random(in: 0..<4, using: &rng) > 0 {
                    // Money to the yen, some with a fractional 千円 part; negatives for operating profit.
                    func money(_ range: ClosedRange<Int>) -> Rational { Rational(Int.random(in: range, using: &rng)) }
                    let reason: String? = Bool.random(using: &rng) ? nil : ["台風で休業", "客足回復, 1か月", "改行\r\nあり"][Int.random(in: 0..<3, using: &rng)]
                    figures[FigureKey(member: id, period: period, kind: kind)] = Figures(
                        operatingProfit: money(-50_000_000...80_000_000), labourCost: money(0...300_000_000),
                        depreciation: money(0...20_000_000),
                        headcount: Rational(BigInt(Int.random(in: 1...400, using: &rng)), BigInt([1, 2, 10][Int.random(in: 0..<3, using: &rng)])),
                        hoursPerEmployee: Rational(BigInt(Int.random(in: 10_000...87_600, using: &rng)), 10), shortfallReason: reason)
                }
            }
        }
        return Group(name: "random", members: members, figures: figures)
    }

    @Test(arguments: [MoneyUnit.yen, .thousandYen, .millionYen])
    func writtenGroupsReadBackIdentically(unit: MoneyUnit) throws {
        for seed in UInt64(1)...UInt64(25) {
            let group = Self.randomGroup(seed: seed &* 7919 &+ UInt64(unit.rawValue))
            let temp = TempGroup([
                "members.csv": Array(CanonicalCSV.roster(group).utf8),
                "figures.csv": Array(CanonicalCSV.figures(group, unit: unit).utf8),
            ])
            let loaded = temp.load()
            let back = try #require(loaded.group, "seed \(seed): \(loaded.errors.map { "\($0.code)@\($0.location?.line ?? 0)" })")
            #expect(back.members.map(\.id) == group.members.map(\.id))
            #expect(back.members.map(\.name) == group.members.map(\.name), "seed \(seed)")
            #expect(back.members.map(\.role) == group.members.map(\.role))
            #expect(back.members.map(\.priorGrant) == group.members.map(\.priorGrant))
            #expect(back.members.map(\.usesITTool) == group.members.map(\.usesITTool))
            #expect(Set(back.figures.keys) == Set(group.figures.keys), "seed \(seed)")
            for (key, figure) in group.figures {
                #expect(back.figures[key]?.sameValues(as: figure) == true, "seed \(seed) \(key)")
            }
        }
    }
}

@Suite("Fuzzing the importer (seeded mutations)")
struct FuzzTests {
    static let seeds: [String] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return [
            "SampleGroups/onsen-cp932/実績報告.csv", "SampleGroups/asaichi-single-file.csv",
            "SampleGroups/supply-chain-prior-grant/figures.csv",
        ].map { root.appendingPathComponent($0).path }
    }()

    static func mutate(_ bytes: [UInt8], _ rng: inout SeededRandom) -> [UInt8] {
        var b = bytes
        for _ in 0..<Int.random(in: 1...6, using: &rng) {
            guard !b.isEmpty else { break }
            let i = Int.random(in: 0..<b.count, using: &rng)
            switch Int.random(in: 0..<8, using: &rng) {
            case 0: b[i] = UInt8.random(in: 0...255, using: &rng)
            case 1: b.insert(0x22, at: i)  // a stray quote
            case 2: b.insert(0x00, at: i)  // NUL
            case 3: b = Array(b.prefix(i))  // truncated
            case 4: b.insert(contentsOf: Array(repeating: 0x39, count: 5_000), at: i)  // a long field (scripts/fuzz.sh goes far bigger)
            case 5: b.insert(contentsOf: [0x2C, 0x2C, 0x0D], at: i)  // extra cells, bare CR
            case 6: b.insert(contentsOf: Array("△▲（千円）".utf8), at: i)
            default: b.remove(at: i)
            }
        }
        return b
    }

    @Test func mutatedFilesNeverCrashAndAlwaysAnswer() throws {
        var rng = SeededRandom(state: 20_261_121)
        for round in 0..<120 {
            let source = Self.seeds[round % Self.seeds.count]
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: source)))
            let name = (source as NSString).lastPathComponent
            let roster = (source as NSString).deletingLastPathComponent + "/members.csv"
            var files = ["f-" + name: Self.mutate(bytes, &rng)]
            if let r = FileManager.default.contents(atPath: roster) { files["members.csv"] = [UInt8](r) }
            let temp = TempGroup(files)
            let loaded = temp.load()
            // Every error says which file, in both languages.
            #expect(
                loaded.errors.allSatisfy { d in
                    d.location?.file.isEmpty == false && !d.message.ja.isEmpty && !d.message.en.isEmpty
                }, "round \(round): \(loaded.errors.map(\.code))")
            if let group = loaded.group {
                _ = TableRenderer().render(GroupReport(group: group))
                _ = JSONRenderer().render(GroupReport(group: group, method: .geometric)).text
            }
            let sources = SourceLines()
            for d in loaded.diagnostics { _ = DiagnosticRenderer(sources: sources).render(d) }
        }
    }
}
