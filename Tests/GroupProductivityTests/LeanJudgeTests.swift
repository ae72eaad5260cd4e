import BigInt
import CSVCodec
import Foundation
import Testing

@testable import GroupProductivity

@Suite("lean judge: a plain portfolio group judged from integers gives the row the full report gives")
struct LeanJudgeTests {
    typealias Cell = LeanLoadTests.Cell

    /// A group that raises nothing, so the lean judge takes it: 12 members with actuals for every
    /// period, every other member with targets below its actuals, figures growing `growth`% a year.
    static func quiet(_ rng: inout SeededRandom, growth: Int) -> [[String]] {
        var rows: [[String]] = []
        for m in 0..<12 {
            let id = "M" + (m < 10 ? "0" : "") + String(m)
            let role = m == 0 ? "代表事業者" : "参画事業者"
            let headcount = Int.random(in: 3...40, using: &rng)
            let hours = String(Int.random(in: 1_500...2_200, using: &rng)) + (Bool.random(using: &rng) ? ".5" : "")
            var labour = Int.random(in: 300...700, using: &rng) * 10_000 * headcount / 10
            var profit = Int.random(in: 1_000...5_000, using: &rng) * 1_000
            let depreciation = Int.random(in: 0...3_000_000, using: &rng)
            for period in 0...2 {
                func cells(_ kind: String, _ profit: Int, _ rng: inout SeededRandom) -> [String] {
                    [
                        "G7", id, "事業者" + String(m), role, "", "あり", String(period), kind, LeanLoadTests.money(profit, &rng),
                        LeanLoadTests.money(labour, &rng), String(depreciation), String(headcount), hours, "", "", "",
                    ]
                }
                rows.append(cells("実績", profit, &rng))
                if period > 0 && m % 2 == 0 { rows.append(cells("計画", profit - 500_000, &rng)) }
                labour = labour * (100 + growth) / 100
                profit = profit * (100 + growth) / 100
            }
        }
        return rows
    }

    /// A change that brings a row to one of the warnings' edges, or the group to another state
    /// (a year missing, a prior grant, an edition, a member out of the calculation).
    static func edge(_ rows: inout [[String]], _ rng: inout SeededRandom) {
        let r = Int.random(in: 0..<rows.count, using: &rng)
        func int(_ i: Int, _ cell: Cell) -> Int? {
            cell.rawValue < rows[i].count ? Int(rows[i][cell.rawValue].replacingOccurrences(of: ",", with: "")) : nil
        }
        func put(_ i: Int, _ cell: Cell, _ value: String) { if cell.rawValue < rows[i].count { rows[i][cell.rawValue] = value } }
        /// The row of the same member, period and kind as row `i` but `period`.
        func sibling(_ i: Int, period: String) -> Int? {
            rows.indices.first {
                rows[$0][Cell.id.rawValue] == rows[i][Cell.id.rawValue] && rows[$0][Cell.period.rawValue] == period
                    && rows[$0][Cell.kind.rawValue] == "実績"
            }
        }
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: put(r, .hours, ["1000", "999.5", "3000", "3000.5", "1000.000001", "2999.999999"].randomElement(using: &rng)!)
        case 1:
            // Labour cost per head at either bound of ¥10,000–¥100,000,000, or just past it.
            if let h = int(r, .headcount) {
                put(r, .labour, String(h * [10_000, 9_999, 100_000_000, 100_000_001, 10_001].randomElement(using: &rng)!))
            }
        case 2:
            // Headcount halved or grown by half exactly, or one past, from year 1 on (so that
            // only the change from the base can warn).
            if let base = sibling(r, period: "0"), let h = int(base, .headcount) {
                let to = [h / 2, h / 2 - 1, h * 3 / 2, h * 3 / 2 + 1, h * 2].randomElement(using: &rng)!
                for i in rows.indices where to > 0 && rows[i][Cell.id.rawValue] == rows[base][Cell.id.rawValue] && rows[i][Cell.period.rawValue] != "0" {
                    put(i, .headcount, String(to))
                }
            }
        case 3:
            // Value added halved exactly (or one yen less) between the base and year 1.
            if let base = sibling(r, period: "0"), let year1 = sibling(r, period: "1"), let p0 = int(base, .profit),
                let l0 = int(base, .labour), let d0 = int(base, .depreciation), let l1 = int(year1, .labour), let d1 = int(year1, .depreciation)
            {
                let va0 = p0 + l0 + d0
                let va1 = [va0 / 2, va0 / 2 - 1, (va0 * 3 + 1) / 2, va0 * 3 / 2 + 1].randomElement(using: &rng)!
                put(year1, .profit, String(va1 - l1 - d1))
            }
        case 4:
            // A target equal to the actual (no warning), or a yen above it (a shortfall warning).
            if rows[r][Cell.period.rawValue] != "0", rows[r].count > Cell.kind.rawValue {
                var target = rows[r]
                target[Cell.kind.rawValue] = "計画"
                if Bool.random(using: &rng), let p = int(r, .profit) { target[Cell.profit.rawValue] = String(p + 1) }
                rows.removeAll {
                    $0.count > Cell.kind.rawValue && $0[Cell.id.rawValue] == target[Cell.id.rawValue]
                        && $0[Cell.period.rawValue] == target[Cell.period.rawValue] && $0[Cell.kind.rawValue] == "計画"
                }
                rows.append(target)
            }
        case 5:
            // A year missing for every member, or for one.
            let period = ["1", "2"].randomElement(using: &rng)!
            let one = Bool.random(using: &rng) ? rows[r][Cell.id.rawValue] : nil
            rows.removeAll { $0.count > Cell.period.rawValue && $0[Cell.period.rawValue] == period && (one == nil || $0[Cell.id.rawValue] == one) }
        case 6:
            let id = rows[r][Cell.id.rawValue]
            for i in rows.indices where rows[i][Cell.id.rawValue] == id { put(i, .prior, "あり") }
        case 7:
            let year = ["2023", "2024", "2025"].randomElement(using: &rng)!
            for i in rows.indices { put(i, .edition, year) }
        case 8:
            // The roster rules: two representatives or none, nine members, a participant without the tool.
            let id = rows[r][Cell.id.rawValue]
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: for i in rows.indices where rows[i][Cell.id.rawValue] == id { put(i, .role, "代表事業者") }
            case 1: for i in rows.indices where rows[i][Cell.role.rawValue] == "代表事業者" { put(i, .role, "参画事業者") }
            case 2: rows.removeAll { ["M09", "M10", "M11"].contains($0[Cell.id.rawValue]) }
            default: for i in rows.indices where rows[i][Cell.id.rawValue] == id && rows[i][Cell.role.rawValue] == "参画事業者" { put(i, .uses, "なし") }
            }
        default:
            // The representative stops using the tool: out of the calculation (公募要領 §6-3).
            for i in rows.indices where rows[i][Cell.role.rawValue] == "代表事業者" { put(i, .uses, "なし") }
        }
    }

    /// Reads `rows` as the portfolio does: the records as bytes, and decoded for the full path.
    static func judged(_ rows: [[String]], method: GroupMethod) throws -> (lean: PortfolioRow?, full: PortfolioRow) {
        let folder = TempGroup(utf8: ["group.csv": LeanLoadTests.csv(rows)])
        let path = folder.file("group.csv")
        var ignored: [Diagnostic] = []
        let read = try #require(SourceTable.eachRow(path: path, displayName: path, diagnostics: &ignored, partBytes: .max) { _ in RawCollector() })
        let raw = try #require(read.consumers.first).raw
        let source = SourceLocation(file: path, line: 2)
        let lean = LeanJudge.row("G7", rows: raw, header: read.table, source: source, method: method, asOf: PortfolioTests.day)
        let loaded = Portfolio.load("G7", rows: raw.decoded(), header: read.table)
        let full = PortfolioRow(id: "G7", source: source, loaded: loaded, method: method, asOf: PortfolioTests.day)
        return (lean, full)
    }

    /// Seed `seed`'s group: quiet (one seed in four), else brought to the warnings' edges and other
    /// states or given the lean reader's own mutations; pooled one seed in five, else the mean.
    static func group(seed: UInt64) -> (rows: [[String]], method: GroupMethod) {
        var rng = SeededRandom(state: seed)
        var rows = Self.quiet(&rng, growth: [2, 4, 5, 6, 7, -3].randomElement(using: &rng)!)
        for _ in 0..<(seed % 4 == 0 ? 0 : Int.random(in: 1...3, using: &rng)) {
            if seed % 3 == 0 { LeanLoadTests.mutate(&rows, &rng) } else { Self.edge(&rows, &rng) }
        }
        return (rows, seed % 5 == 0 ? .pooled : .mean)
    }

    /// Whenever the lean judge gives a row, it is the row of the full load and report: verdicts,
    /// official CAGRs, risks, calendar, and no diagnostic left unsaid (the counts are in the row).
    /// Groups are quiet ones brought to the warnings' edges and other states, and the lean
    /// reader's own mutations; both methods it takes, and growth rates either side of the targets.
    @Test func leanRowsEqualTheFullReport() throws {
        var taken = 0
        var declined = 0
        var verdicts: Set<String> = []
        for seed in UInt64(1)...300 {
            let (rows, method) = Self.group(seed: seed)
            let (lean, full) = try Self.judged(rows, method: method)
            guard let lean else {
                #expect(seed % 4 != 0, "seed \(seed): a quiet group is judged lean")
                declined += 1
                continue
            }
            taken += 1
            verdicts.insert(lean.verdict?.rawValue ?? "none")
            #expect(lean == full, "seed \(seed)")
        }
        #expect(taken > 100 && declined > 50, "taken \(taken), declined \(declined)")
        #expect(verdicts.isSuperset(of: ["meets", "below_target"]), "\(verdicts)")
    }

    /// A folder of one plain CSV file in a folder portfolio is judged from its bytes
    /// (`Portfolio.leanFolderRow`); whenever it is, the row is the one the folder's full load and
    /// report give (`GroupLoader`, as `report` reads a folder). The file is a single group's: no
    /// group ID, project name or edition column (with one, or anything else in the folder, or
    /// the geometric method, the folder is left to the loader).
    @Test func aFolderOfOneFileIsJudgedAsItsFullLoad() throws {
        var taken = 0
        var declined = 0
        for seed in UInt64(1)...200 {
            let (rows, method) = Self.group(seed: seed)
            let csv = LeanLoadTests.csv(rows, groupColumn: false, settingsColumns: false)
            let folder = TempGroup(utf8: ["group.csv": csv])
            let loaded = GroupLoader.load(path: folder.path, requireFigures: true, progress: nil, lean: false)
            let full = PortfolioRow(
                id: "G7", source: SourceLocation(file: folder.path, line: 0), loaded: loaded, method: method, asOf: PortfolioTests.day)
            #expect(Portfolio.leanFolderRow("G7", path: folder.path, method: .geometric, asOf: PortfolioTests.day) == nil)
            guard let (lean, read) = Portfolio.leanFolderRow("G7", path: folder.path, method: method, asOf: PortfolioTests.day) else {
                #expect(seed % 4 != 0, "seed \(seed): a quiet group is judged lean")
                declined += 1
                continue
            }
            taken += 1
            #expect(lean == full, "seed \(seed)")
            #expect(read.compactMap(GroupLoader.record) == loaded.inputs, "seed \(seed): the file read, as the loader lists it")
            // Anything beside the file, or the columns a combined file's group reads: the loader's.
            let withNote = TempGroup(utf8: ["group.csv": csv, "memo.txt": "x"])
            #expect(Portfolio.leanFolderRow("G7", path: withNote.path, method: method, asOf: PortfolioTests.day) == nil, "seed \(seed)")
            let withEdition = TempGroup(utf8: ["group.csv": LeanLoadTests.csv(rows, groupColumn: false)])
            #expect(Portfolio.leanFolderRow("G7", path: withEdition.path, method: method, asOf: PortfolioTests.day) == nil, "seed \(seed)")
        }
        #expect(taken > 50 && declined > 30, "taken \(taken), declined \(declined)")
    }

    /// Seed `seed`'s rows laid out as a group folder is: a roster file of each member's first
    /// row, then the figures in one file, with or without the members' names, or in a file a
    /// member named after it (as member files come back); one folder in three also has a
    /// settings file. One folder in four is changed as a folder might be: a roster row twice, a
    /// member left off the roster or on it without figures, a name in a figure file that is not
    /// the roster's, a settings file with a word the loader reads otherwise.
    static func folder(_ rows: [[String]], seed: UInt64) -> [String: String] {
        var rng = SeededRandom(state: seed &* 7_919)
        /// The row's cells of `columns` that it has, and any past the header's (a row cut short or grown stays so).
        func cells(_ row: [String], _ columns: [Cell]) -> [String] {
            columns.compactMap { $0.rawValue < row.count ? row[$0.rawValue] : nil } + row.dropFirst(LeanLoadTests.header.count)
        }
        let rosterColumns: [Cell] = [.id, .name, .role, .prior, .uses]
        var roster: [[String]] = []
        var seen: Set<String> = []
        for row in rows where seen.insert(row[Cell.id.rawValue]).inserted { roster.append(cells(row, rosterColumns)) }
        let named = Bool.random(using: &rng)
        let figureColumns: [Cell] = [.id] + (named ? [.name] : []) + [.period, .kind, .profit, .labour, .depreciation, .headcount, .hours, .reason]
        var figures = rows.map { cells($0, figureColumns) }
        var settings: String?
        if seed % 3 == 0 {
            let edition = ["2023", "2025", "2025年度", "令和7"].randomElement(using: &rng)!
            settings = "補助事業名,代表事業者名,公募年度\n商店街DX" + String(seed) + ",事業者0," + edition + "\n"
        }
        // Half the quiet groups (seed % 4 == 0, see `group`), and some others.
        if [0, 1].contains(seed % 8) {
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: roster.append(roster[Int.random(in: 0..<roster.count, using: &rng)])
            case 1: roster.remove(at: Int.random(in: 1..<roster.count, using: &rng))
            case 2: roster.append(["M99", "事業者99", "参画事業者", "なし", "あり"])
            case 3:
                let r = Int.random(in: 0..<figures.count, using: &rng)
                if named && figures[r].count > 1 { figures[r][1] = ["別名", "事業者 1", "ｶﾌｪ"].randomElement(using: &rng)! }
            default: settings = "補助事業名,代表者\n商店街DX,事業者0\n"
            }
        }
        let header = cells(LeanLoadTests.header, figureColumns)
        var files = ["members.csv": LeanLoadTests.text([cells(LeanLoadTests.header, rosterColumns)] + roster)]
        if named && Bool.random(using: &rng) {
            for id in Set(figures.map(\.[0])) { files["S_" + id + ".csv"] = LeanLoadTests.text([header] + figures.filter { $0[0] == id }) }
        } else {
            files["figures.csv"] = LeanLoadTests.text([header] + figures)
        }
        if let settings { files["グループ情報.csv"] = settings }
        return files
    }

    /// A group folder of a roster file, figure files and perhaps a settings file, in a folder
    /// portfolio, is judged from its files' bytes (`Portfolio.leanFolderRow`, `LeanLoad.Part`);
    /// whenever it is, the row is the one the folder's full load and report give. The folders are
    /// the lean judge's groups and their edges laid out as `folder` lays them out, so changed as
    /// rows and as a folder; quiet groups and plain folders are taken.
    @Test func aFolderOfRosterAndFigureFilesIsJudgedAsItsFullLoad() throws {
        var taken = 0
        var declined = 0
        var layouts: Set<Set<String>> = []
        var cp932Taken = 0
        for seed in UInt64(1)...300 {
            let (rows, method) = Self.group(seed: seed)
            let files = Self.folder(rows, seed: seed)
            let folder = TempGroup(utf8: files)
            let loaded = GroupLoader.load(path: folder.path, requireFigures: true, progress: nil, lean: false)
            let full = PortfolioRow(id: "G7", source: SourceLocation(file: folder.path, line: 0), loaded: loaded, method: method, asOf: PortfolioTests.day)
            guard let (lean, read) = Portfolio.leanFolderRow("G7", path: folder.path, method: method, asOf: PortfolioTests.day) else {
                #expect(seed % 4 != 0 || !loaded.diagnostics.isEmpty, "seed \(seed): a quiet group in a plain folder is judged lean")
                declined += 1
                continue
            }
            taken += 1
            // Which files, and whether the figures name their members.
            let named = files.contains { $0.key != "members.csv" && $0.value.hasPrefix("事業者ID,事業者名") }
            layouts.insert(Set(files.keys.map { $0.hasPrefix("S_") ? "S_" : $0 } + (named ? ["named"] : [])))
            #expect(lean == full, "seed \(seed)")
            #expect(read.compactMap(GroupLoader.record) == loaded.inputs, "seed \(seed): the files read, as the loader lists them")
            #expect(loaded.diagnostics.isEmpty, "seed \(seed): taken only when the loader has nothing to say")
            // The same files saved as Excel saves a CSV in Japan (CP932): converted a record at a
            // time, judged alike, the same row as the CP932 folder's full load.
            let bytes = files.compactMapValues { $0.data(using: .shiftJIS).map { [UInt8]($0) } }
            if bytes.count == files.count {
                let cp932 = TempGroup(bytes)
                let cp932Full = PortfolioRow(
                    id: "G7", source: SourceLocation(file: cp932.path, line: 0),
                    loaded: GroupLoader.load(path: cp932.path, requireFigures: true, progress: nil, lean: false), method: method,
                    asOf: PortfolioTests.day)
                let cp932Lean = Portfolio.leanFolderRow("G7", path: cp932.path, method: method, asOf: PortfolioTests.day)
                #expect(cp932Lean?.row == cp932Full, "seed \(seed), CP932")
                cp932Taken += 1
            }
            // A note beside the files: the loader's to name.
            let withNote = TempGroup(utf8: files.merging(["memo.txt": "x"]) { a, _ in a })
            #expect(Portfolio.leanFolderRow("G7", path: withNote.path, method: method, asOf: PortfolioTests.day) == nil, "seed \(seed)")
        }
        #expect(taken > 60 && declined > 60, "taken \(taken), declined \(declined)")
        #expect(layouts.count == 6, "\(layouts)")
        #expect(cp932Taken > 50, "\(cp932Taken) taken in CP932")
        // The sample folders so laid out (the onsen sample's figures are in 千円 and it has a warning: the loader's).
        for (sample, lean) in ["shotengai-clears-5": true, "supply-chain-prior-grant": true, "onsen-cp932": false] {
            let path = PortfolioTests.samples + "/" + sample
            for method in [GroupMethod.mean, .pooled] {
                let full = PortfolioRow(
                    id: sample, source: SourceLocation(file: path, line: 0),
                    loaded: GroupLoader.load(path: path, requireFigures: true, progress: nil, lean: false), method: method, asOf: PortfolioTests.day)
                let row = Portfolio.leanFolderRow(sample, path: path, method: method, asOf: PortfolioTests.day)?.row
                #expect(lean ? row == full : row == nil, "\(sample) \(method)")
            }
        }
    }

    /// Twelve members alike whose productivity grows by exactly `percent` a year: the group's
    /// CAGR sits on the knife edge, where no enclosure can decide.
    static func knifeEdge(percent: Int, prior: Bool = false) -> [[String]] {
        (0..<12).flatMap { m -> [[String]] in
            let id = "M" + (m < 10 ? "0" : "") + String(m)
            // Value added 2,000,000 × 1.05ⁿ (or 1.06ⁿ) with labour 1,000,000 and no depreciation.
            let base = 2_000_000
            let year1 = base * (100 + percent) / 100
            let year2 = year1 * (100 + percent) / 100
            return [base, year1, year2].enumerated().map { period, va in
                [
                    "G7", id, "事業者" + String(m), m == 0 ? "代表事業者" : "参画事業者", prior && m == 5 ? "あり" : "なし", "あり",
                    String(period), "実績", String(va - 1_000_000), "1000000", "0", "5", "1800", "", "", "",
                ]
            }
        }
    }

    /// On the knife edge (exactly 5%, or 6% after a prior grant) the lean judge declines and the
    /// portfolio's row is the exact report's: the target met. One yen less of year 2's operating
    /// profit for one member is decided below the target by both.
    @Test func knifeEdgesAreLeftToTheExactPath() throws {
        for (percent, prior) in [(5, false), (6, true)] {
            let rows = Self.knifeEdge(percent: percent, prior: prior)
            let (lean, full) = try Self.judged(rows, method: .mean)
            #expect(lean == nil, "\(percent)%: the enclosure straddles the edge")
            #expect(full.verdict == .meets && full.meets[.year2] == true && full.cagrOfficial[.year2] == Rational(BigInt(percent), 100))
            var below = rows
            let last = below.lastIndex { $0[Cell.period.rawValue] == "2" }!
            below[last][Cell.profit.rawValue] = String(Int(below[last][Cell.profit.rawValue])! - 1)
            let (leanBelow, fullBelow) = try Self.judged(below, method: .mean)
            #expect(fullBelow.verdict == .belowTarget && fullBelow.cagrOfficial[.year2] == Rational(BigInt(percent * 10 - 1), 1000))
            // One yen in 24 million is within the enclosure's width too: decided exactly either way.
            if let leanBelow { #expect(leanBelow == fullBelow) }
        }
    }
}
