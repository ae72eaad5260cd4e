import CSVCodec
import Foundation
import Testing

@testable import GroupProductivity

/// Keeps each data record as bytes, as the portfolio's collector does, and any decoded row apart.
struct RawCollector: SourceTable.RowConsumer {
    var raw = RawRows()
    var decoded: [SourceTable.Row] = []
    mutating func take(_ row: SourceTable.Row) { decoded.append(row) }
    mutating func take(record: CSVRecordView) -> Bool {
        raw.append(record)
        return true
    }
    var takesRecords: Bool { true }
}

@Suite("lean load: a plainly written group read from its cells' bytes gives what the full passes give")
struct LeanLoadTests {
    static let header = [
        "グループID", "事業者ID", "事業者名", "役割", "過去交付決定", "ITツール利用", "年度", "種別",
        "営業利益", "人件費", "減価償却費", "従業員数", "年間平均労働時間", "未達理由", "公募年度", "補助事業名",
    ]
    /// The columns of `header`, by position.
    enum Cell: Int {
        case group
        case id
        case name
        case role
        case prior
        case uses
        case period
        case kind
        case profit
        case labour
        case depreciation
        case headcount
        case hours
        case reason
        case edition
        case project
    }

    /// A group that raises nothing: 12 members with actuals for every period, targets for years 1
    /// and 2 on every other member, money written with and without digit grouping, half hours.
    static func clean(_ rng: inout SeededRandom) -> [[String]] {
        var rows: [[String]] = []
        for m in 0..<12 {
            let id = "M" + (m < 10 ? "0" : "") + String(m)
            let name = ["八百屋 青木", "魚辰, 鮮魚", "Café \"Luna\"", "湯元①", "喫茶 ﾐﾄﾞﾘ"][m % 5] + String(m)
            let role = m == 0 ? "代表事業者" : "参画事業者"
            let prior = m == 3 ? "あり" : m % 2 == 0 ? "なし" : ""
            let uses = m % 4 == 1 ? "" : "あり"
            let headcount = Int.random(in: 3...40, using: &rng)
            var labour = Int.random(in: 300...700, using: &rng) * 10_000 * headcount / 10
            var profit = Int.random(in: -2_000...5_000, using: &rng) * 1_000
            for (period, kind) in [(0, "実績"), (1, "実績"), (2, "実績"), (1, "計画"), (2, "計画")] where kind == "実績" || m % 2 == 0 {
                let hours = String(Int.random(in: 1_500...2_200, using: &rng)) + (Bool.random(using: &rng) ? ".5" : "")
                rows.append([
                    "G7", id, name, role, prior, uses, String(period), kind, money(profit, &rng), money(labour, &rng),
                    money(Int.random(in: 0...3_000_000, using: &rng), &rng), String(headcount), hours, "", "", "",
                ])
                labour = labour * 105 / 100
                profit += 100_000
            }
        }
        return rows
    }

    /// Yen as a spreadsheet writes it, with or without digit grouping (`-1,234,000`).
    static func money(_ value: Int, _ rng: inout SeededRandom) -> String {
        guard Bool.random(using: &rng) else { return String(value) }
        var digits = String(value.magnitude)
        var groups: [String] = []
        while digits.count > 3 {
            groups.insert(String(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        groups.insert(digits, at: 0)
        return (value < 0 ? "-" : "") + groups.joined(separator: ",")
    }

    /// One change a person or a spreadsheet might make, some of which the lean reader declines.
    static func mutate(_ rows: inout [[String]], _ rng: inout SeededRandom) {
        let r = Int.random(in: 0..<rows.count, using: &rng)
        /// Row `i`'s cell, when the row still has it (a mutation may have cut a row short).
        func put(_ i: Int, _ cell: Cell, _ value: String) { if cell.rawValue < rows[i].count { rows[i][cell.rawValue] = value } }
        func set(_ cell: Cell, _ choices: [String]) { put(r, cell, choices.randomElement(using: &rng)!) }
        /// A member's detail changed on one of its rows, or on all of them (the roster says so).
        func setMember(_ cell: Cell, _ choices: [String]) {
            let value = choices.randomElement(using: &rng)!
            let everywhere = Bool.random(using: &rng)
            let id = rows[r][Cell.id.rawValue]
            for i in rows.indices where i == r || (everywhere && rows[i][Cell.id.rawValue] == id) { put(i, cell, value) }
        }
        switch Int.random(in: 0..<20, using: &rng) {
        case 0, 16, 17, 18, 19:
            let number = [Cell.profit, .labour, .depreciation, .headcount, .hours].randomElement(using: &rng)!
            set(
                number,
                [
                    " 1200", "１２００", "△100", "-", "1,23", "12.5", "0", "9000", "500", "1e5", "", "9999999999999999", "-5",
                    "1234.5678901", "1,234", "(1,200)", "12万", "3,000", "8760", "8760.5", "0.5", "'=1", "1000000.5",
                    "1,000,001", "0.0000001", "-0", ".5", "5.", "1,234.5",
                ])
        case 1: setMember(.role, ["代表", "participant", "参画 ", "unknown", "", "代表事業者", "参画事業者"])
        case 2: setMember(.prior, ["はい", "なし", "x", "", " あり", "あり"])
        case 3: setMember(.uses, ["なし", "", "yes", "あり", "無"])
        case 4: setMember(.name, ["別名", "名\u{1B}]0;x", " 名前", "名前 ", "", "名\n前", "名\u{202E}前", "ｶﾌｪ ﾐﾄﾞﾘ", "名\u{7F}前"])
        case 5: set(.id, ["Ｍ01", "'=1", "", " M01", "M01", "M 01", "M1"])
        case 6: set(.period, ["3", "１", "基準年度", "1年度目", "", "0", "2"])
        case 7: set(.kind, ["計画", "目標", "x", "", " 実績", "実績"])
        case 8: rows.append(rows[r])
        case 9: rows.remove(at: r)
        case 10: rows[r].append(["", "x"].randomElement(using: &rng)!)
        case 11: rows[r].removeLast()
        case 12: set(.reason, ["天候不順", " 理由", "'=cmd", "理由\nあり"])
        case 13:
            let year = ["2025", "令和7", "2026"].randomElement(using: &rng)!
            for i in rows.indices where Bool.random(using: &rng) || i == r { put(i, .edition, year) }
        case 14:
            for i in rows.indices { put(i, .project, "商店街DX") }
            if Bool.random(using: &rng) { set(.project, ["商店街ＤＸ", "別事業", ""]) }
        default:
            rows.swapAt(r, Int.random(in: 0..<rows.count, using: &rng))
        }
    }

    /// The rows under `header`; without the group ID column, a single group's own file.
    /// - Parameter settingsColumns: false leaves out the edition and project name columns too.
    static func csv(_ rows: [[String]], groupColumn: Bool = true, settingsColumns: Bool = true) -> String {
        let left = (groupColumn ? [] : [Cell.group.rawValue]) + (settingsColumns ? [] : [Cell.edition.rawValue, Cell.project.rawValue])
        return text(([header] + rows).map { row in row.enumerated().filter { !left.contains($0.offset) }.map(\.element) })
    }

    /// Rows as CSV text, a cell quoted when it holds a comma, a quote or a line break.
    static func text(_ rows: [[String]]) -> String {
        func quoted(_ cell: String) -> String {
            cell.contains(where: { ",\"\n".contains($0) }) ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }
        return rows.map { $0.map(quoted).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// Seed `seed`'s group: clean, or (four seeds in five) with one to three mutations.
    static func mutated(seed: UInt64) -> (rows: [[String]], mutations: Int) {
        var rng = SeededRandom(state: seed)
        var rows = clean(&rng)
        let mutations = seed % 5 == 0 ? 0 : Int.random(in: 1...3, using: &rng)
        for _ in 0..<mutations { mutate(&rows, &rng) }
        return (rows, mutations)
    }

    /// A lean reader's result is the full passes': the same group, figures by roster place (gathered
    /// on the way), diagnostics and settings.
    static func expectSame(_ lean: LoadResult, _ full: LoadResult, seed: UInt64) {
        #expect(lean.group == full.group, "seed \(seed)")
        #expect(lean.group?.figuresByRoster() == full.group?.figuresByRoster(), "seed \(seed): the figures gathered on the way")
        #expect(lean.diagnostics == full.diagnostics, "seed \(seed)")
        #expect(lean.settings == full.settings, "seed \(seed)")
    }

    /// Whether the lean reader takes the rows; when it does, its result is `full`'s (a clean
    /// group must be taken).
    static func leanMatches(_ raw: RawRows, header: SourceTable, full: LoadResult, clean: Bool, seed: UInt64) -> Bool {
        guard let lean = LeanLoad.load(raw, header: header, name: "G7") else {
            #expect(!clean, "seed \(seed): a clean group is read lean")
            return false
        }
        expectSame(lean, full, seed: seed)
        return true
    }

    /// Whenever the lean reader takes a group, its result is the full passes' to the last field:
    /// the same members, figures and their places, settings and diagnostics (plausibility warnings
    /// included). Clean groups are always taken, and the mutations are both taken and declined.
    @Test func leanResultsEqualTheFullPasses() throws {
        var taken = 0
        var declined = 0
        for seed in UInt64(1)...300 {
            let (rows, mutations) = Self.mutated(seed: seed)
            let folder = TempGroup(utf8: ["group.csv": Self.csv(rows)])
            var ignored: [Diagnostic] = []
            let path = folder.file("group.csv")
            let read = try #require(
                SourceTable.eachRow(path: path, displayName: path, diagnostics: &ignored, partBytes: .max) { _ in RawCollector() })
            let collected = try #require(read.consumers.first)
            #expect(collected.decoded.isEmpty, "seed \(seed): a valid UTF-8 file's rows are all offered as bytes")
            // The rows the bytes decode to are the reader's own.
            var decodedIgnored: [Diagnostic] = []
            let decoding = try #require(SourceTable.read(path: path, displayName: path, diagnostics: &decodedIgnored, partBytes: .max))
            let rowsFromBytes = collected.raw.decoded()
            #expect(rowsFromBytes == decoding.rows, "seed \(seed)")
            let full = Portfolio.load("G7", rows: decoding.rows, header: read.table)
            if Self.leanMatches(collected.raw, header: read.table, full: full, clean: mutations == 0, seed: seed) { taken += 1 } else { declined += 1 }
        }
        #expect(taken > 100 && declined > 100, "taken \(taken), declined \(declined)")
    }

    /// `rows` with their money written in `unit` (千円, 万円 or 百万円: factor 10^`digits`) as a
    /// spreadsheet in that unit holds it, decimals where yen do not divide, and the header saying
    /// so (営業利益（千円）); a cell that is not a whole number of yen is left as it is.
    static func inUnit(_ rows: [[String]], _ unit: String, digits: Int) -> (header: [String], rows: [[String]]) {
        let money: [Cell] = [.profit, .labour, .depreciation]
        var header = Self.header
        for cell in money { header[cell.rawValue] += "（\(unit)）" }
        let scaled = rows.map { row in
            var row = row
            for cell in money where cell.rawValue < row.count {
                guard let yen = Int(row[cell.rawValue].replacingOccurrences(of: ",", with: "")) else { continue }
                let digitsText = String(yen.magnitude)
                let padded = String(repeating: "0", count: max(0, digits + 1 - digitsText.count)) + digitsText
                let whole = padded.dropLast(digits)
                let fraction = padded.suffix(digits).reversed().drop { $0 == "0" }.reversed()
                row[cell.rawValue] = (yen < 0 ? "-" : "") + whole + (fraction.isEmpty ? "" : "." + String(fraction))
            }
            return row
        }
        return (header, scaled)
    }

    /// Money in a unit (the header's 千円, 万円 or 百万円) is scaled as the full passes scale it:
    /// whenever the lean reader, the streamed file or the lean judge takes such a group, its
    /// result is the full passes' (figures in yen, warnings that name the unit); clean groups in
    /// every unit are taken.
    @Test func moneyInAHeadersUnitIsReadAsTheFullPassesReadIt() throws {
        var (taken, declined, judgedTaken, streamedTaken) = (0, 0, 0, 0)
        for seed in UInt64(1)...150 {
            let (plain, mutations) = Self.mutated(seed: seed)
            let (unit, digits) = [("千円", 3), ("万円", 4), ("百万円", 6)][Int(seed % 3)]
            let (header, rows) = Self.inUnit(plain, unit, digits: digits)
            let combined = Self.text([header] + rows)
            let folder = TempGroup(utf8: ["group.csv": combined])
            let path = folder.file("group.csv")
            var ignored: [Diagnostic] = []
            let read = try #require(
                SourceTable.eachRow(path: path, displayName: path, diagnostics: &ignored, partBytes: .max) { _ in RawCollector() })
            #expect(read.table.columns[.labourCost]?.unit.label == unit, "seed \(seed)")
            let raw = try #require(read.consumers.first).raw
            let full = Portfolio.load("G7", rows: raw.decoded(), header: read.table)
            // The lean judge's own groups (quiet ones and their edges) in the unit, judged from bytes.
            let (quiet, method) = LeanJudgeTests.group(seed: seed)
            let quietInUnit = Self.inUnit(quiet, unit, digits: digits)
            let judgedFolder = TempGroup(utf8: ["group.csv": Self.text([quietInUnit.header] + quietInUnit.rows)])
            let judgedPath = judgedFolder.file("group.csv")
            let judgedRead = try #require(
                SourceTable.eachRow(path: judgedPath, displayName: judgedPath, diagnostics: &ignored, partBytes: .max) { _ in RawCollector() })
            let judgedRaw = try #require(judgedRead.consumers.first).raw
            let source = SourceLocation(file: judgedPath, line: 2)
            if let judged = LeanJudge.row("G7", rows: judgedRaw, header: judgedRead.table, source: source, method: method, asOf: PortfolioTests.day) {
                judgedTaken += 1
                let loaded = Portfolio.load("G7", rows: judgedRaw.decoded(), header: judgedRead.table)
                #expect(judged == PortfolioRow(id: "G7", source: source, loaded: loaded, method: method, asOf: PortfolioTests.day), "seed \(seed)")
            }
            // A single group's file, streamed: no group ID, project name or edition column.
            let single = TempGroup(utf8: ["group.csv": Self.text(([header] + rows).map { Array($0.dropFirst().prefix(13)) })])
            let singleFull = GroupLoader.load(path: single.file("group.csv"), requireFigures: true, progress: nil, lean: false)
            if let streamed = LeanLoad.stream(path: single.file("group.csv"), name: "group", chunkRecords: 3) {
                streamedTaken += 1
                Self.expectSame(streamed, singleFull, seed: seed)
            }
            if Self.leanMatches(raw, header: read.table, full: full, clean: mutations == 0, seed: seed) { taken += 1 } else { declined += 1 }
        }
        #expect(taken > 40 && declined > 40, "taken \(taken), declined \(declined)")
        #expect(judgedTaken > 20 && streamedTaken > 40, "judged \(judgedTaken), streamed \(streamedTaken)")
    }

    /// A single file read as it is parsed, a few records at a time (`LeanLoad.stream`), gives the
    /// full passes' group whenever it takes the file: the same members, figures and places,
    /// settings, diagnostics and input record. Chunks of one, two, three and seven records put
    /// chunk boundaries inside every member's rows; clean files are always taken. Two runs in
    /// three walk each full chunk on a thread of its own while the next is parsed.
    @Test func aFileReadAsParsedGivesWhatTheFullPassesGive() throws {
        var taken = 0
        var declined = 0
        var settingsTaken = 0
        for seed in UInt64(1)...300 {
            let (rows, mutations) = Self.mutated(seed: seed)
            // A single group's file: no group ID column (with one, the stream leaves the file to the full passes).
            let folder = TempGroup(utf8: ["group.csv": Self.csv(rows, groupColumn: false)])
            let path = folder.file("group.csv")
            let full = GroupLoader.load(path: path, requireFigures: true, progress: nil, lean: false)
            // The folder holding just this file reads as the file (streamed when it has nothing to
            // say), and says what the folder's full passes say.
            let asFolder = GroupLoader.load(path: folder.path, requireFigures: true, progress: nil, lean: true)
            let folderFull = GroupLoader.load(path: folder.path, requireFigures: true, progress: nil, lean: false)
            Self.expectSame(asFolder, folderFull, seed: seed)
            #expect(asFolder.inputs == folderFull.inputs && !folderFull.inputs.isEmpty, "seed \(seed)")
            // With a settings file beside it (naming the group, with or without an edition, or
            // with an edition to be worded): the same again, the settings file listed first.
            let settingsText = [
                "補助事業名,代表事業者名,公募年度\n商店街DX,事業者0,2024\n", "補助事業名\n商店街DX\n",
                "補助事業名,代表事業者名,公募年度\n商店街DX,事業者0,令和\n",
            ][Int(seed % 3)]
            let withSettings = TempGroup(utf8: ["group.csv": Self.csv(rows, groupColumn: false), "グループ情報.csv": settingsText])
            let settingsLean = GroupLoader.load(path: withSettings.path, requireFigures: true, progress: nil, lean: true)
            let settingsFull = GroupLoader.load(path: withSettings.path, requireFigures: true, progress: nil, lean: false)
            Self.expectSame(settingsLean, settingsFull, seed: seed)
            #expect(settingsLean.inputs == settingsFull.inputs && settingsFull.inputs.count == 2, "seed \(seed)")
            if mutations == 0 && seed % 3 != 2 {
                var words: [Diagnostic] = []
                let settings = GroupLoader.readSettings(withSettings.file("グループ情報.csv"), diagnostics: &words)
                let streamed = LeanLoad.stream(path: withSettings.file("group.csv"), name: "g", settings: settings)
                #expect(words.isEmpty && streamed?.group?.name == "商店街DX", "seed \(seed): a clean file with settings is read as parsed")
                if streamed != nil { settingsTaken += 1 }
            }
            let chunk = [1, 2, 3, 7, 4_096][Int(seed % 5)]
            // Full chunks walked on a thread of their own while the next is parsed, or all on one thread.
            let inParallel = seed % 3 != 0
            guard let streamed = LeanLoad.stream(path: path, name: "group", chunkRecords: chunk, inParallel: inParallel) else {
                #expect(mutations > 0, "seed \(seed): a clean file is read as parsed")
                declined += 1
                continue
            }
            taken += 1
            Self.expectSame(streamed, full, seed: seed)
            let loaded = GroupLoader.load(path: path)
            #expect(loaded.group == full.group && loaded.inputs == full.inputs && !full.inputs.isEmpty, "seed \(seed)")
        }
        #expect(taken > 100 && declined > 50 && settingsTaken > 20, "taken \(taken), declined \(declined), with settings \(settingsTaken)")
        // A roster rule is said of the folder when a folder is read, of the file when the file is:
        // a folder's file that says anything is read by the folder's passes.
        var rng = SeededRandom(state: 5)
        let clean = Self.clean(&rng)
        let nineIDs = Set(Set(clean.map { $0[Cell.id.rawValue] }).sorted().prefix(9))
        let small = TempGroup(utf8: ["group.csv": Self.csv(clean.filter { nineIDs.contains($0[Cell.id.rawValue]) }, groupColumn: false)])
        let smallLean = GroupLoader.load(path: small.path, requireFigures: true, progress: nil, lean: true)
        let smallFull = GroupLoader.load(path: small.path, requireFigures: true, progress: nil, lean: false)
        Self.expectSame(smallLean, smallFull, seed: 0)
        #expect(smallFull.diagnostics.contains { $0.code == .fewerThanTenMembers && $0.location?.file == small.path })
    }

    /// A folder of one group file, and perhaps a settings file, is read as the file is parsed,
    /// named and dated by the settings, whenever nothing is to be said, and gives what the
    /// folder's full passes give: group, figures by place, settings, diagnostics and inputs (the
    /// settings file first). The groups are the lean judge's quiet groups and their edges; a settings file that
    /// says something (an edition that is not a year) has the folder read by the full passes.
    @Test func aFileWithASettingsFileReadAsParsedGivesWhatTheFullPassesGive() throws {
        var quiet = 0
        for seed in UInt64(1)...80 {
            let (rows, _) = LeanJudgeTests.group(seed: seed)
            // With an edition, without, with one to be worded, or no settings file at all.
            let settingsText = [
                "補助事業名,代表事業者名,公募年度\n商店街DX,事業者0,2024\n", "補助事業名\n商店街DX\n",
                "補助事業名,代表事業者名,公募年度\n商店街DX,事業者0,令和\n", nil,
            ][Int(seed % 4)]
            var files = ["group.csv": Self.csv(rows, groupColumn: false)]
            if let settingsText { files["グループ情報.csv"] = settingsText }
            let folder = TempGroup(utf8: files)
            let lean = GroupLoader.load(path: folder.path, requireFigures: true, progress: nil, lean: true)
            let full = GroupLoader.load(path: folder.path, requireFigures: true, progress: nil, lean: false)
            Self.expectSame(lean, full, seed: seed)
            #expect(lean.inputs == full.inputs && full.inputs.count == files.count, "seed \(seed)")
            // Nothing to say and settings that say nothing: the case read as parsed.
            if full.diagnostics.isEmpty && seed % 4 != 2 {
                quiet += 1
                let name = settingsText == nil ? (folder.path as NSString).lastPathComponent : "商店街DX"
                #expect(lean.group?.name == name && lean.settings?.edition == (seed % 4 == 0 ? 2024 : nil), "seed \(seed)")
            }
        }
        #expect(quiet > 20, "quiet folders \(quiet)")
    }

    /// A group folder of a roster file and one figure file (and perhaps a settings file) read as
    /// they are parsed (`LeanLoad.streamFolder`) gives what the folder's full passes give whenever
    /// it takes the folder — group, figures by place, settings, diagnostics (roster rules and
    /// warnings said of the same files) and inputs — and `GroupLoader` reading the folder gives
    /// the full passes' result always. The folders are the lean judge's test folders laid out from
    /// mutated groups (`LeanJudgeTests.folder`: folder-level changes, names, settings, a file per
    /// member, which is the full passes' alone), in 500-record chunks or one record at a time.
    @Test func aFolderOfARosterAndAFigureFileReadAsParsedGivesWhatTheFullPassesGive() throws {
        var (taken, declined, warned) = (0, 0, 0)
        for seed in UInt64(1)...200 {
            let (rows, _) = seed % 2 == 0 ? Self.mutated(seed: seed) : (LeanJudgeTests.group(seed: seed).rows, 0)
            let files = LeanJudgeTests.folder(rows, seed: seed)
            let folder = TempGroup(utf8: files)
            let full = GroupLoader.load(path: folder.path, requireFigures: true, progress: nil, lean: false)
            let read = GroupLoader.load(path: folder.path, requireFigures: true, progress: nil, lean: true)
            Self.expectSame(read, full, seed: seed)
            #expect(read.inputs == full.inputs && !full.inputs.isEmpty, "seed \(seed)")
            guard files["figures.csv"] != nil else { continue }
            var settingsWords: [Diagnostic] = []
            let settings = files["グループ情報.csv"].map { _ in GroupLoader.readSettings(folder.file("グループ情報.csv"), diagnostics: &settingsWords) }
            guard
                let streamed = LeanLoad.streamFolder(
                    roster: folder.file("members.csv"), figures: folder.file("figures.csv"), name: (folder.path as NSString).lastPathComponent,
                    settings: settings, chunkRecords: seed % 3 == 0 ? 1 : 500, inParallel: seed % 4 != 0)
            else {
                declined += 1
                continue
            }
            taken += 1
            if !streamed.diagnostics.isEmpty { warned += 1 }
            // With a word about the settings file the loader reads the folder by the full passes.
            if settingsWords.isEmpty { Self.expectSame(streamed, full, seed: seed) }
        }
        #expect(taken > 40 && declined > 20 && warned > 5, "taken \(taken), declined \(declined), with warnings \(warned)")
    }

    /// The figures by roster place gathered when a group is loaded are let go once the figures or
    /// the roster change: a scenario or a test that edits a loaded group sees its own edit.
    @Test func figuresByRosterFollowAnEdit() throws {
        let f = Figures(
            operatingProfit: Rational(1), labourCost: Rational(2), depreciation: Rational(3), headcount: Rational(1), hoursPerEmployee: Rational(1_800))
        let key = FigureKey(member: "M1", period: .base, kind: .actual)
        var group = Group(gathering: "G", members: [Member(id: "M1", name: "一", role: .representative)], figures: [key: f])
        #expect(group.figuresByRoster()?[0][.base, .actual] == f)
        // A member put before M1, with the gathered figures still held: M1's figures move with it.
        var longer = group
        longer.members.insert(Member(id: "M0", name: "零", role: .participant), at: 0)
        #expect(longer.figuresByRoster()?[0][.base, .actual] == nil)
        #expect(longer.figuresByRoster()?[1][.base, .actual] == f)
        var edited = f
        edited.operatingProfit = Rational(100)
        group.figures[key] = edited
        #expect(group.figuresByRoster()?[0][.base, .actual] == edited)
        group.figures[FigureKey(member: "M1", period: .year1, kind: .actual)] = f
        #expect(group.figuresByRoster()?[0][.year1, .actual] == f)
        // A member put before M1: M1's figures move with it.
        group.members.insert(Member(id: "M0", name: "零", role: .participant), at: 0)
        #expect(group.figuresByRoster()?[0][.base, .actual] == nil)
        #expect(group.figuresByRoster()?[1][.base, .actual] == edited)
        // A figure of a member not on the roster, or an ID listed twice: nothing by roster place.
        group.figures[FigureKey(member: "X", period: .base, kind: .actual)] = f
        #expect(group.figuresByRoster() == nil)
        group.figures[FigureKey(member: "X", period: .base, kind: .actual)] = nil
        group.members.append(Member(id: "M1", name: "一", role: .participant))
        #expect(group.figuresByRoster() == nil)
    }

    /// A group read lean holds its figures by roster place only: read by key, looked up, compared
    /// and edited, it behaves as the same group holding them by key, and a roster change keeps
    /// each figure with its member. Held in a `FigureTable` (as `LeanLoad` holds them) or as
    /// figures gathered member by member.
    @Test(arguments: [false, true]) func figuresHeldByRosterPlaceActAsByKey(inTable: Bool) {
        var rng = SeededRandom(state: 11)
        let members = (0..<6).map { Member(id: "M\($0)", name: "名\($0)", role: $0 == 0 ? .representative : .participant) }
        func figure() -> Figures {
            Figures(
                operatingProfit: Rational(Int.random(in: -1_000...1_000, using: &rng)), labourCost: Rational(5_000_000),
                depreciation: Rational(0), headcount: Rational(3), hoursPerEmployee: Rational(1_800))
        }
        var byKey: [FigureKey: Figures] = [:]
        var gathered = [MemberFigures](repeating: MemberFigures(), count: members.count)
        for (i, member) in members.enumerated() {
            for period in Period.allCases {
                for kind in ValueKind.allCases where Bool.random(using: &rng) {
                    let f = figure()
                    byKey[FigureKey(member: member.id, period: period, kind: kind)] = f
                    gathered[i][period, kind] = f
                }
            }
        }
        let byRoster = inTable ? RosterFigures(Self.table(gathered)) : RosterFigures(gathered)
        #expect(byRoster.count == members.count)
        let keyed = Group(name: "G", members: members, figures: byKey)
        var held = Group(name: "G", members: members, byRoster: byRoster)
        #expect(held == keyed && held.figures == byKey && held.figuresByRoster() == byRoster)
        // Read by key again and again (as a scenario whose every change is refused does), it is
        // made once: made at each read, a 20,000-member what-if ran past two minutes.
        for key in byKey.keys { #expect(held.figures[key] == byKey[key]) }
        #expect(held.timesFiguresMade == 1)
        for id in members.map(\.id) + ["X"] {
            for period in Period.allCases {
                for kind in ValueKind.allCases {
                    #expect(held.figures(id, period, kind) == byKey[FigureKey(member: id, period: period, kind: kind)])
                }
            }
        }

        // An edit by key: taken as the keyed group takes it, and not by a copy made before (which
        // shares the dictionary made when `figures` was first read above).
        let before = held
        var edited = keyed
        let key = FigureKey(member: "M3", period: .year1, kind: .actual)
        let new = figure()
        held.figures[key] = new
        edited.figures[key] = new
        #expect(held == edited && held.figures("M3", .year1) == new && held.figuresByRoster()?[3][Period.year1, ValueKind.actual] == new)
        #expect(before.figures == byKey && before.figures("M3", .year1) == byKey[key])

        // A member put first: every figure stays with its member.
        var moved = Group(name: "G", members: members, byRoster: byRoster)
        moved.members.insert(Member(id: "N", name: "新", role: .participant), at: 0)
        #expect(moved.figures == byKey && moved.figuresByRoster()?[1] == byRoster[0] && moved.figuresByRoster()?[0] == MemberFigures())
        #expect(moved.figures("M0", .base, .actual) == byKey[FigureKey(member: "M0", period: .base, kind: .actual)])
    }

    /// The same figures filed in a `FigureTable`, as `LeanLoad` files them (each figure's file,
    /// line, reason and origin must be ones a table row of file "" can keep or box).
    static func table(_ members: [MemberFigures]) -> FigureTable {
        var builder = FigureTable.Builder(file: "")
        for (i, figures) in members.enumerated() {
            builder.addMember()
            for period in Period.allCases {
                for kind in ValueKind.allCases {
                    guard let f = figures[period, kind] else { continue }
                    let added = builder.add(
                        i, period, kind, f.operatingProfit, f.labourCost, f.depreciation, f.headcount, f.hoursPerEmployee,
                        line: f.source.line, shortfallReason: f.shortfallReason, origin: f.origin)
                    precondition(added)
                }
            }
        }
        return FigureTable(builder)
    }

    /// `RawRows` keeps offsets, lengths and lines in 32 bits: no file it may read reaches 2³¹ bytes.
    @Test func inputLimitFitsRawRowsOffsets() {
        #expect(InputLimits.maxFileBytes < Int(Int32.max))
    }

    /// A whole portfolio read lean (UTF-8, its groups read from their bytes) and read in full (the
    /// same text in CP932, which is always decoded) gives the same rows and diagnostics, file
    /// names aside: twelve groups, most of them mutated, some into errors or warnings.
    @Test func utf8PortfolioEqualsItsCP932Copy() throws {
        var rows: [[String]] = []
        for g in 0..<12 {
            var rng = SeededRandom(state: 1_000 + UInt64(g))
            var group = Self.clean(&rng)
            for _ in 0..<(g % 4) { Self.mutate(&group, &rng) }
            for i in group.indices {
                group[i][Cell.group.rawValue] = "G" + String(g)
                // CP932 has no é.
                group[i][Cell.name.rawValue] = group[i][Cell.name.rawValue].replacingOccurrences(of: "é", with: "e")
            }
            rows += group
        }
        let text = Self.csv(rows)
        let utf8 = Data(text.utf8)
        let cp932 = try #require(text.data(using: .shiftJIS))
        let folder = TempGroup(["utf8.csv": Array(utf8), "cp932.csv": Array(cp932)])
        let lean = Portfolio.read(path: folder.file("utf8.csv"), method: .mean, asOf: PortfolioTests.day)
        let full = Portfolio.read(path: folder.file("cp932.csv"), method: .mean, asOf: PortfolioTests.day)
        /// A result with the file's name taken out of every place and word.
        func named(_ result: PortfolioResult, _ file: String) -> (rows: [PortfolioRow], diagnostics: [[Diagnostic]]) {
            func plain(_ d: Diagnostic) -> Diagnostic {
                var d = d
                d.location?.file = "FILE"
                d.message = LocalizedText(
                    ja: d.message.ja.replacingOccurrences(of: file, with: "FILE"), en: d.message.en.replacingOccurrences(of: file, with: "FILE"))
                return d
            }
            let rows = result.groups.map { group -> PortfolioRow in
                var row = group.row
                row.source.file = "FILE"
                return row
            }
            return (rows, result.groups.map { $0.diagnostics.map(plain) } + [result.diagnostics.map(plain)])
        }
        #expect(lean.groups.count == 12)
        let (a, b) = (named(lean, folder.file("utf8.csv")), named(full, folder.file("cp932.csv")))
        #expect(a.rows == b.rows)
        #expect(a.diagnostics == b.diagnostics)
        #expect(lean.groups.contains { $0.row.errorCount > 0 } && lean.groups.contains { $0.row.errorCount == 0 })
    }
}

@Suite("a CP932 file's records offered as UTF-8 decode to the rows its cells decode to")
struct CP932RecordTests {
    /// Rows of awkward cells: NEC and IBM extensions, full-width spaces to trim, half-width
    /// katakana, the guard apostrophe, an undecodable cell, quoted line breaks; and a long last
    /// column that makes the file `count` bytes or more.
    static func file(bytes count: Int) -> [UInt8] {
        var out = Array("グループID,事業者ID,事業者名,メモ\r\n".data(using: .shiftJIS)!)
        let names = ["髙橋①商店", "\u{3000}㈱ミドリ\u{3000}", "ｶﾌｪ ﾙﾅ", "'=SUM(1)", "～波－線", "\"改行\n入り\"", "八百屋"]
        var line = 0
        while out.count < count {
            line += 1
            out += Array("G\(line / 7),M\(line % 13),".utf8)
            if line % 11 == 5 {
                out += [0x82, 0x20, 0x41]  // a lead byte with an ASCII trail: not CP932
            } else {
                out += Array(names[line % names.count].data(using: .shiftJIS)!)
            }
            out += Array(",".utf8) + Array(String(repeating: "x", count: line % 3 == 0 ? 40_000 : 3).utf8) + Array("\r\n".utf8)
        }
        return out
    }

    @Test(arguments: [1 << 16, 5 << 20]) func recordsDecodeAsRows(size: Int) throws {
        let folder = TempGroup(["cp932.csv": Self.file(bytes: size)])
        let path = folder.file("cp932.csv")
        var ignored: [Diagnostic] = []
        let read = try #require(SourceTable.eachRow(path: path, displayName: path, diagnostics: &ignored, partBytes: .max) { _ in RawCollector() })
        let collected = try #require(read.consumers.first)
        var decodedIgnored: [Diagnostic] = []
        let decoding = try #require(SourceTable.read(path: path, displayName: path, diagnostics: &decodedIgnored, partBytes: .max))
        let rows = (collected.decoded + collected.raw.decoded()).sorted { $0.line < $1.line }
        #expect(!collected.raw.isEmpty && !collected.decoded.isEmpty, "records are offered as UTF-8, and the undecodable ones decoded")
        #expect(rows == decoding.rows)
        #expect(decodedIgnored.contains { $0.code == .undecodableBytes })
    }
}

@Suite("Lean load: member index")
struct MemberIndexTests {
    /// The walk's index of members files and finds IDs as a dictionary of their texts does:
    /// 50,000 IDs drawn from a pool of 35,000 (so many repeat), some `M` and a number (so that
    /// `M1` is the start of `M10` and `M100`), the others 1 to 12 random printable ASCII
    /// characters; with room reserved for none, for 100 and for all. Each filing says what the
    /// dictionary says (new at the next place, or filed before at its place); afterwards every
    /// ID filed is found at its place, and 2,000 IDs never filed are not found.
    @Test func theIndexFilesAndFindsAsADictionaryDoes() {
        for reserved in [0, 100, 60_000] {
            var rng = SeededRandom(state: 23 + UInt64(reserved))
            let pool = (0..<35_000).map { i -> String in
                if i % 3 == 0 { return "M\(i / 3)" }
                let length = Int.random(in: 1...12, using: &rng)
                return String(decoding: (0..<length).map { _ in UInt8.random(in: 0x20...0x7E, using: &rng) }, as: UTF8.self)
            }
            var index = MemberIndex()
            index.reserveCapacity(reserved)
            var model: [String: Int] = [:]
            var wrong: [String] = []
            for _ in 0..<50_000 {
                let id = pool.randomElement(using: &rng)!
                let expected: MemberIndex.Filing
                if let place = model[id] {
                    expected = .existing(place)
                } else {
                    model[id] = model.count
                    expected = .filed
                }
                let filing = Array(id.utf8).withUnsafeBytes { index.fileNext($0) }
                if filing != expected || index.count != model.count { wrong.append("file \(id.debugDescription): \(filing)") }
            }
            for (id, place) in model {
                let found = Array(id.utf8).withUnsafeBytes { index.place(of: $0) }
                if found != place { wrong.append("find \(id.debugDescription): \(String(describing: found)), not \(place)") }
            }
            for i in 0..<2_000 {
                // 13 characters or more: longer than any ID of the pool.
                let id = "never-filed-\(i)"
                if let found = Array(id.utf8).withUnsafeBytes({ index.place(of: $0) }) { wrong.append("find \(id): \(found)") }
            }
            let (count, firstFew) = (wrong.count, wrong.prefix(5))
            #expect(count == 0, "reserved \(reserved): \(firstFew)")
            #expect(model.count > 20_000 && model.count < 35_000, "the draw repeats IDs and files most of the pool")
        }
    }
}

/// `Vocabulary.exact` finds a word from its bytes as comparing every listed spelling byte by byte
/// does: each word, each word cut short or lengthened by a byte, and each with one byte changed
/// at every place (within the eight bytes compared as one number, and past them).
@Suite("Vocabulary: a word found from its bytes")
struct VocabularyExactTests {
    func check<T: Equatable>(_ vocabulary: Vocabulary<T>) -> Int {
        var tried = 0
        func expect(_ bytes: [UInt8]) {
            let expected = vocabulary.words.first { Array($0.key.utf8) == bytes }?.value
            let found = bytes.withUnsafeBytes { vocabulary.exact($0) }
            #expect(found == expected, "\(bytes)")
            tried += 1
        }
        for word in vocabulary.words.keys {
            let bytes = Array(word.utf8)
            expect(bytes)
            expect(Array(bytes.dropLast()))
            expect(Array(bytes.dropFirst()))
            expect(bytes + [0x20])
            expect(bytes + bytes)
            for i in bytes.indices {
                var changed = bytes
                changed[i] ^= 0x01
                expect(changed)
            }
        }
        return tried
    }

    @Test func wordsAreFoundByTheirBytesAlone() {
        let tried = check(Vocabulary.role) + check(Vocabulary.yesNo) + check(Vocabulary.period) + check(Vocabulary.kind)
        #expect(tried > 500)
        #expect(Vocabulary.kind.words.keys.contains { $0.utf8.count > 8 })
        #expect([UInt8]().withUnsafeBytes { Vocabulary.kind.exact($0) } == nil)
    }
}
