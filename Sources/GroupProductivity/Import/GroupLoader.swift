import BigInt
import CSVCodec
import Crypto
import Foundation

/// The outcome of loading a group: the group when there were no errors, and every diagnostic.
public struct LoadResult: Sendable {
    public var group: Group?
    public var diagnostics: [Diagnostic]
    /// From `group-info.csv` (グループ情報.csv), when the folder has one.
    public var settings: GroupSettings? = nil
    /// Every file read, with its SHA-256, in the order read.
    public var inputs: [InputFile] = []
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}

/// Reads a group from a folder (`members.csv` + figure files) or from one CSV file that carries
/// the roster columns on every row. Every row is either used or reported; nothing is guessed.
public enum GroupLoader {
    /// The file name endings read as tables: CSV and TSV, `.txt` (Excel's 「Unicode テキスト」) and
    /// `.xlsx` workbooks. What is inside is told from the bytes, not from the name.
    public static let tableExtensions = ["csv", "tsv", "txt", "xlsx"]
    /// Roster file names recognised in a group folder (compared case-insensitively), with any of
    /// the table endings.
    public static let rosterFileStems = ["members", "名簿", "roster"]
    public static let rosterFileNames: [String] = rosterFileStems.flatMap { stem in tableExtensions.map { stem + "." + $0 } }
    /// Group settings file names (補助事業名, 代表事業者名, 公募年度).
    public static let settingsFileStems = ["group-info", "グループ情報"]
    static let settingsFileNames: [String] = settingsFileStems.flatMap { stem in tableExtensions.map { stem + "." + $0 } }
    /// Files the tool itself keeps in a group folder and that are not input.
    static let ownFolders = ["templates"]

    /// The mark that starts a note row in a form (`※ 記入のお願い…`); such rows are not data.
    public static let noteMark = SourceTable.noteMark

    /// Reads one returned member file against a roster: its figure rows and every problem in it
    /// (names that differ from the roster's, unknown members, bad cells).
    public static func readMemberFile(path: String, roster: [Member]) -> (figures: [FigureKey: Figures], diagnostics: [Diagnostic]) {
        var builder = GroupBuilder()
        for member in roster {
            builder.memberIndex[member.id] = builder.members.count
            builder.members.append(member)
        }
        var diagnostics: [Diagnostic] = []
        if var table = SourceTable.read(path: path, displayName: path, diagnostics: &diagnostics) {
            builder.checkNames(table, diagnostics: &diagnostics)
            builder.readFigures(&table, releasingRows: true, diagnostics: &diagnostics)
        }
        return (builder.figures, diagnostics)
    }

    /// - Parameter requireFigures: false to accept a folder holding only the roster (a group whose
    ///   member files have not come back yet, as `collect` sees it).
    /// - Parameter progress: told now and then what is being done and how far it has got: lines read
    /// of each file's lines, then rows checked of all the rows the checks walk (a single file read
    /// as it is parsed is checked as it is read, so it tells lines read only).
    /// - Parameter recordInputs: whether to list the files read with their size and SHA-256
    ///   (`LoadResult.inputs`, which only the JSON's record block shows): false leaves the list
    ///   empty and hashes nothing (1.5% of the perf samples of a 100,000-member report as CSV).
    public static func load(
        path: String, requireFigures: Bool = true, progress: ((LoadStep, Int, Int) -> Void)? = nil, recordInputs: Bool = true
    ) -> LoadResult {
        load(path: path, requireFigures: requireFigures, progress: progress, lean: Portfolio.leanPaths, recordInputs: recordInputs)
    }

    /// - Parameter lean: read a plain single CSV file as it is parsed (`LeanLoad.stream`) before
    ///   trying the full passes (tests compare the two).
    static func load(
        path: String, requireFigures: Bool, progress: ((LoadStep, Int, Int) -> Void)?, lean: Bool, recordInputs: Bool = true
    ) -> LoadResult {
        let recorded: (String) -> InputFile? = recordInputs ? { record($0) } : { _ in nil }
        var diagnostics: [Diagnostic] = []
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            diagnostics.append(
                Diagnostic(
                    code: .pathNotFound, location: SourceLocation(file: path, line: 0),
                    message: LocalizedText(ja: "ファイルまたはフォルダがありません", en: "no such file or folder"),
                    hint: LocalizedText(ja: "パスを確認してください", en: "check the path")))
            return LoadResult(group: nil, diagnostics: diagnostics)
        }
        if PathKind(path) == .special {
            return LoadResult(group: nil, diagnostics: [.notARegularFile(path)])
        }
        let url = URL(fileURLWithPath: path)
        var rosterPaths: [String] = []
        var figurePaths: [String] = []
        var settingsPath: String?
        let name: String
        if isDirectory.boolValue {
            name = url.standardizedFileURL.lastPathComponent
            let entries = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
            for entry in entries {
                let full = (path as NSString).appendingPathComponent(entry)
                // Nothing is ignored in silence: every entry not read is named.
                if entry.hasPrefix("~$") {
                    diagnostics.append(
                        Diagnostic(
                            code: .excelLockFile, location: SourceLocation(file: full, line: 0),
                            message: LocalizedText(
                                ja: "Excel の作業中ファイルです（ブック「\(entry.dropFirst(2))」が開いたままです）。読み込みません",
                                en: "an Excel lock file: the workbook \"\(entry.dropFirst(2))\" is still open; not read"),
                            hint: LocalizedText(
                                ja: "Excel でブックを保存して閉じてから、もう一度実行してください",
                                en: "save and close the workbook in Excel, then run again")))
                    continue
                }
                if entry.hasPrefix(".") {
                    diagnostics.append(
                        Diagnostic(
                            code: .hiddenEntryNotRead, location: SourceLocation(file: full, line: 0),
                            message: LocalizedText(ja: "名前が「.」で始まる隠しファイル・フォルダは読み込みません", en: "a hidden entry (its name starts with \".\") is not read"),
                            hint: LocalizedText(ja: "データなら「.」を外した名前にしてください", en: "if it holds data, rename it without the leading \".\"")))
                    continue
                }
                var entryIsDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: full, isDirectory: &entryIsDirectory) else {
                    // Listed but not there to read: a link to a missing file.
                    diagnostics.append(
                        Diagnostic(
                            code: .fileUnreadable, location: SourceLocation(file: full, line: 0),
                            message: LocalizedText(ja: "ファイルを読み込めません（リンク先がありません）", en: "the file cannot be read (a link to nothing)"),
                            hint: LocalizedText(ja: "リンクを消すか、正しいファイルを置いてください", en: "remove the link or put the real file there")))
                    continue
                }
                if entryIsDirectory.boolValue {
                    if !ownFolders.contains(entry) {
                        diagnostics.append(
                            Diagnostic(
                                code: .folderNotRead, location: SourceLocation(file: full, line: 0),
                                message: LocalizedText(ja: "グループのフォルダの中のフォルダは読み込みません", en: "a folder inside the group folder is not read"),
                                hint: LocalizedText(
                                    ja: "その中のファイルを使うなら、グループのフォルダへ移してください",
                                    en: "move its files into the group folder if they belong to the group")))
                    }
                    continue
                }
                if PathKind(full) == .special {
                    diagnostics.append(.notARegularFile(full))
                    continue
                }
                let lower = entry.lowercased()
                if settingsFileNames.contains(lower) {
                    settingsPath = full
                } else if rosterFileNames.contains(lower) {
                    rosterPaths.append(full)
                } else if (lower as NSString).pathExtension == "txt" && !Self.isUTF16(full) {
                    // A .txt is read when it is Excel's 「Unicode テキスト」 (UTF-16); other text
                    // files in a folder are usually notes, named here but not read.
                    diagnostics.append(.fileNotRead(full, excel: false))
                } else if tableExtensions.contains((lower as NSString).pathExtension) {
                    figurePaths.append(full)
                } else {
                    diagnostics.append(.fileNotRead(full, excel: lower.hasSuffix(".xls")))
                }
            }
            if rosterPaths.count > 1 {
                diagnostics.append(
                    Diagnostic(
                        code: .severalRosters, location: SourceLocation(file: rosterPaths[1], line: 0),
                        message: LocalizedText(
                            ja: "名簿ファイルが複数あります: \(rosterPaths.joined(separator: ", "))",
                            en: "there is more than one roster file: \(rosterPaths.joined(separator: ", "))"),
                        hint: LocalizedText(ja: "members.csv を1つだけ置いてください", en: "keep a single members.csv")))
            }
            // A folder holding one plain CSV file and nothing else but perhaps a settings file
            // with nothing to say (no roster, every entry read) is that file's group: read as it
            // is parsed, as a file given alone is below, named and dated by the settings as the
            // passes below name it. The roster rules are said of the folder, as the passes say
            // them; the warnings that follow are the passes' own code.
            if lean, diagnostics.isEmpty, rosterPaths.isEmpty, let only = figurePaths.first, figurePaths.count == 1,
                (only as NSString).pathExtension.lowercased() != "xlsx"
            {
                var settingsWords: [Diagnostic] = []
                let settings = settingsPath.map { readSettings($0, diagnostics: &settingsWords) }
                if settingsWords.isEmpty,
                    var loaded = LeanLoad.stream(
                        path: only, name: name, settings: settings, rosterRulesAt: path, progress: progress.map { p in { p(.reading, $0, $1) } })
                {
                    loaded.inputs = ([settingsPath].compactMap { $0 } + [only]).compactMap(recorded)
                    return loaded
                }
            }
            // A roster file and one figure file, plain CSV, and perhaps a settings file with nothing
            // to say: read as they are parsed (`LeanLoad.streamFolder`), as the passes below read
            // them, holding no table of either; anything the stream cannot read without a word is
            // read again below. What the roster rules and warnings say is said of the same files.
            if lean, diagnostics.isEmpty, rosterPaths.count == 1, figurePaths.count == 1,
                !(rosterPaths + figurePaths).contains(where: { ($0 as NSString).pathExtension.lowercased() == "xlsx" })
            {
                var settingsWords: [Diagnostic] = []
                let settings = settingsPath.map { readSettings($0, diagnostics: &settingsWords) }
                if settingsWords.isEmpty,
                    var loaded = LeanLoad.streamFolder(
                        roster: rosterPaths[0], figures: figurePaths[0], name: name, settings: settings,
                        progress: progress.map { p in { p(.reading, $0, $1) } })
                {
                    loaded.inputs = ([settingsPath].compactMap { $0 } + rosterPaths + figurePaths).compactMap(recorded)
                    return loaded
                }
            }
        } else {
            name = url.deletingPathExtension().lastPathComponent
            figurePaths = [path]
            // A plain file is read as it is parsed, holding no table of its rows; anything the
            // stream cannot read without a word is read again below, and worded there.
            if lean, url.pathExtension.lowercased() != "xlsx",
                var loaded = LeanLoad.stream(path: path, name: name, progress: progress.map { p in { p(.reading, $0, $1) } })
            {
                loaded.inputs = [recorded(path)].compactMap { $0 }
                return loaded
            }
        }

        var builder = GroupBuilder()
        var rosterTables: [SourceTable] = []
        // With two rosters only the first is read: reading both would repeat every member.
        for rosterPath in rosterPaths.prefix(1) {
            if let table = SourceTable.read(
                path: rosterPath, displayName: rosterPath, diagnostics: &diagnostics, progress: progress.map { p in { p(.reading, $0, $1) } })
            {
                rosterTables.append(table)
            }
        }
        var figureTables: [SourceTable] = []
        for figurePath in figurePaths {
            if let table = SourceTable.read(
                path: figurePath, displayName: figurePath, diagnostics: &diagnostics, progress: progress.map { p in { p(.reading, $0, $1) } })
            {
                figureTables.append(table)
            }
        }
        // A combined portfolio file holds many groups; one report over all of them would be nonsense.
        for table in figureTables { diagnostics += table.severalGroups() }
        let hasRosterFile = !rosterPaths.isEmpty
        if let progress {
            // The roster pass walks the roster and the figure files with roster columns, the figures
            // pass every figure file.
            func rows(_ tables: [SourceTable]) -> Int { tables.reduce(0) { $0 + $1.rows.count } }
            let rows = rows(rosterTables) + rows(figureTables.filter { $0.has(.name) || $0.has(.role) }) + rows(figureTables)
            builder.steps = StepCounter(total: rows) { progress(.checking, $0, $1) }
        }
        // Pass 1: the roster, from members.csv and from roster columns in figure files.
        for table in rosterTables {
            builder.readRoster(table, isRosterFile: true, diagnostics: &diagnostics)
        }
        for table in figureTables where table.has(.name) || table.has(.role) {
            if hasRosterFile {
                builder.checkNames(table, diagnostics: &diagnostics)
            } else {
                builder.readRoster(table, isRosterFile: false, diagnostics: &diagnostics)
            }
        }
        let noRoster = !hasRosterFile && !figureTables.contains(where: { $0.has(.name) && $0.has(.role) }) && !figureTables.isEmpty
        if noRoster {
            diagnostics.append(
                Diagnostic(
                    code: .noRoster, location: SourceLocation(file: path, line: 0),
                    message: LocalizedText(
                        ja: "名簿（members.csv）がなく、事業者名・役割の列もありません",
                        en: "there is no roster (members.csv) and no name and role columns"),
                    hint: LocalizedText(
                        ja: "フォルダに members.csv（事業者ID・事業者名・役割・過去交付決定・ITツール利用）を置いてください",
                        en: "add members.csv (member_id, name, role, prior_grant, uses_it_tool) to the folder")))
        }
        // Pass 2: the figures. Without a readable roster every row would only repeat "unknown member".
        if !noRoster && !builder.members.isEmpty {
            // The last pass over the rows: each row's cells are let go as soon as they are read.
            for i in figureTables.indices {
                builder.readFigures(&figureTables[i], releasingRows: true, diagnostics: &diagnostics)
            }
        }
        if figurePaths.isEmpty && requireFigures {
            diagnostics.append(
                Diagnostic(
                    code: .noFigureFiles, location: SourceLocation(file: path, line: 0),
                    message: LocalizedText(ja: "数値ファイル（*.csv）がありません", en: "there are no figure files (*.csv)"),
                    hint: LocalizedText(
                        ja: "事業者ID・年度・営業利益・人件費・減価償却費・従業員数・年間平均労働時間 の CSV を置いてください",
                        en: "add a CSV with member_id, period, operating_profit, labour_cost, depreciation, headcount, hours_per_employee")))
        }
        builder.checkRoster(path: rosterPaths.first ?? path, diagnostics: &diagnostics)

        let settings = settingsPath.map { readSettings($0, diagnostics: &diagnostics) }
        let group = Group(gathering: settings?.projectName ?? name, members: builder.members, figures: builder.figures)
        diagnostics += PlausibilityChecks.warnings(group, units: builder.moneyUnits)
        let failed = diagnostics.contains { $0.severity == .error }
        let inputs = ([settingsPath].compactMap { $0 } + rosterPaths.prefix(1) + figurePaths).compactMap(recorded)
        return LoadResult(group: failed ? nil : group, diagnostics: diagnostics, settings: settings, inputs: inputs)
    }

    /// One group from rows that carry the roster columns (a group of a combined portfolio file):
    /// the same passes and checks as a single-file group.
    static func load(table: SourceTable, name: String, settings: GroupSettings?, diagnostics: [Diagnostic]) -> LoadResult {
        var diagnostics = diagnostics
        var builder = GroupBuilder()
        builder.readRoster(table, isRosterFile: false, diagnostics: &diagnostics)
        if !builder.members.isEmpty {
            var table = table
            builder.readFigures(&table, diagnostics: &diagnostics)
        }
        return finish(builder, file: table.file, name: name, settings: settings, diagnostics: diagnostics)
    }

    /// A single-file group's roster and figures as read (by the passes above or by `LeanLoad`):
    /// the group-wide roster rules, then the plausibility warnings.
    /// - Parameter byRoster: the figures by roster place, when the reader filed them so (`LeanLoad`)
    ///   instead of by key in `builder.figures`.
    static func finish(
        _ builder: GroupBuilder, file: String, name: String, settings: GroupSettings?, diagnostics: [Diagnostic],
        byRoster: FigureTable? = nil
    ) -> LoadResult {
        var diagnostics = diagnostics
        builder.checkRoster(path: file, diagnostics: &diagnostics)
        let name = settings?.projectName ?? name
        let group =
            byRoster.map { Group(name: name, members: builder.members, byRoster: RosterFigures($0)) }
            ?? Group(gathering: name, members: builder.members, figures: builder.figures)
        diagnostics += PlausibilityChecks.warnings(group, units: builder.moneyUnits)
        let failed = diagnostics.contains { $0.severity == .error }
        return LoadResult(group: failed ? nil : group, diagnostics: diagnostics, settings: settings, inputs: [])
    }

    /// True when the file starts with a UTF-16 byte-order mark.
    static func isUTF16(_ path: String) -> Bool {
        guard PathKind(path) == .regularFile, let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 2)) ?? Data())
        return head == [0xFF, 0xFE] || head == [0xFE, 0xFF]
    }

    /// The file's size and SHA-256, for the record block of exports.
    static func record(_ path: String) -> InputFile? {
        // Not waiting on a named pipe, and hashing only a regular file (a pipe's bytes were gone).
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) <= InputLimits.maxFileBytes else { return nil }
        // In pieces of at most 1 MiB read into one buffer: a large input is never held whole just
        // to be hashed, and no piece is new memory (a `Data` a piece put every page of the file
        // through a fresh page fault: 4% of a large portfolio's time). A small file's buffer is
        // its size: a folder portfolio hashes thousands of them.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: min(1 << 20, max(4_096, Int(info.st_size) + 1)), alignment: 16)
        defer { buffer.deallocate() }
        var hash = SHA256()
        var bytes = 0
        while true {
            let n = read(fd, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            hash.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            bytes += n
        }
        // Lower-case hex by table (`String(format:)` a byte was most of hashing a small file).
        let digits = Array("0123456789abcdef".utf8)
        let hex = hash.finalize().flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }
        return InputFile(path: path, bytes: bytes, sha256: String(decoding: hex, as: UTF8.self))
    }

    /// `group-info.csv`: a header row (補助事業名, 代表事業者名, 公募年度, or project_name,
    /// representative_name, edition) and one row of values.
    static func readSettings(_ path: String, diagnostics: inout [Diagnostic]) -> GroupSettings {
        var settings = GroupSettings()
        guard let file = SourceTable.decodedRows(path: path, displayName: path, diagnostics: &diagnostics) else { return settings }
        let rows = file.rows.filter { $0.cells.contains { $0.text != nil } }
        guard let header = rows.first else { return settings }
        let values = rows.dropFirst().first
        for (i, cell) in header.cells.enumerated() {
            let key = (cell.text ?? "").precomposedStringWithCompatibilityMapping.lowercased().filter { !$0.isWhitespace }
            let value = values.flatMap { i < $0.cells.count ? $0.cells[i].text : nil }?.trimmingWhitespace()
            switch key {
            case "補助事業名", "project_name", "projectname": settings.projectName = value
            case "代表事業者名", "representative_name", "representativename": settings.representativeName = value
            case "公募年度", "edition":
                guard let value, !value.isEmpty else { continue }
                settings.edition = GroupSettings.edition(
                    value, at: SourceLocation(file: path, line: values?.line ?? header.line, column: i + 1, sheet: file.sheet),
                    columnName: cell.text, diagnostics: &diagnostics)
            default:
                diagnostics.append(
                    Diagnostic(
                        code: .unknownColumn, location: SourceLocation(file: path, line: header.line, column: i + 1, sheet: file.sheet),
                        columnName: cell.text, rawValue: cell.text,
                        message: LocalizedText(ja: "知らない見出しの列です（使いません）", en: "unknown column (not used)"),
                        hint: LocalizedText(
                            ja: "使える見出し: 補助事業名, 代表事業者名, 公募年度", en: "known headers: 補助事業名 (project_name), 代表事業者名 (representative_name), 公募年度 (edition)")))
            }
        }
        return settings
    }
}

extension GroupSettings {
    /// 公募年度 as a year (`2025`, `２０２５年度`); an error at `location` when it is not one.
    static func edition(_ value: String, at location: SourceLocation, columnName: String?, diagnostics: inout [Diagnostic]) -> Int? {
        let digits = value.precomposedStringWithCompatibilityMapping.filter(\.isNumber)
        if let year = Int(digits), (2020...2100).contains(year) { return year }
        diagnostics.append(
            Diagnostic(
                code: .unknownValue, location: location, columnName: columnName, rawValue: value,
                message: LocalizedText(ja: "公募年度「\(value)」を西暦の年として読めません", en: "the edition \"\(value)\" is not a year"),
                hint: LocalizedText(ja: "2025 のように西暦4桁で入力してください", en: "write the year in four digits, e.g. 2025")))
        return nil
    }
}

/// What a long load is doing, for a progress display.
public enum LoadStep: Sendable {
    /// Reading a file: lines read of its lines.
    case reading
    /// Checking the rows and building the group: rows done of all the rows the checks walk.
    case checking
}

/// Counts rows done and tells `report` every 4,096 of them.
final class StepCounter {
    let total: Int
    private(set) var done = 0
    private let report: (Int, Int) -> Void
    init(total: Int, report: @escaping (Int, Int) -> Void) {
        self.total = total
        self.report = report
    }
    @inline(__always) func tick() {
        done += 1
        if done % 4096 == 0 { report(done, total) }
    }
}

/// Accumulates the roster and the figures across files.
struct GroupBuilder {
    /// Rows checked, for progress (nil when no one is watching).
    var steps: StepCounter?
    var members: [Member] = []
    var memberIndex: [MemberID: Int] = [:]
    var figures: [FigureKey: Figures] = [:]
    /// The labour-cost column's unit in each figure file, for the magnitude check.
    var moneyUnits: [String: (unit: MoneyUnit, column: Int)] = [:]

    mutating func readRoster(_ table: SourceTable, isRosterFile: Bool, diagnostics: inout [Diagnostic]) {
        let required = isRosterFile ? Column.requiredRoster : [Column.memberID, .name, .role]
        guard table.requireColumns(required, diagnostics: &diagnostics) else { return }
        // The member's cells of the row before, when that row was read without a word of
        // diagnosis. In a figure file with the member on each row, a member's rows follow one
        // another with the same cells: such a row reads as its predecessor did, so it is not
        // parsed, checked and compared again. (A roster file's repeated row is a duplicate.)
        var cleanBefore: SourceTable.Row?
        for row in table.rows where !row.undecodable {
            steps?.tick()
            var errors = table.checkCellCount(row)
            if !isRosterFile, errors.isEmpty, let before = cleanBefore,
                Column.memberDetails.allSatisfy({ table.cell($0, in: row)?.text == table.cell($0, in: before)?.text })
            {
                continue
            }
            cleanBefore = nil
            let id = table.memberID(in: row, errors: &errors)
            let name = table.plainText(.name, in: row, errors: &errors)
            let role = table.parseCell(.role, in: row, required: true, errors: &errors, parse: Vocabulary.role)
            let prior = table.parseCell(.priorGrant, in: row, required: false, errors: &errors, parse: Vocabulary.yesNo) ?? false
            let uses = table.parseCell(.usesITTool, in: row, required: false, errors: &errors, parse: Vocabulary.yesNo) ?? true
            guard errors.isEmpty, let id, let name, let role else {
                diagnostics.append(contentsOf: errors)
                continue
            }
            let member = Member(
                id: id, name: name, role: role, priorGrant: prior, usesITTool: uses,
                source: table.location(.memberID, in: row), sharing: members.last?.rosterOrigin)
            if let existing = memberIndex[id] {
                let first = members[existing]
                if isRosterFile {
                    diagnostics.append(.duplicateMember(id, at: member.source, first: first.source))
                } else if MemberNames.same(first.name, member.name) && first.role == member.role
                    && first.priorGrant == member.priorGrant && first.usesITTool == member.usesITTool
                {
                    cleanBefore = row
                } else {
                    diagnostics.append(
                        Diagnostic(
                            code: .conflictingMemberDetails, location: member.source, rawValue: id,
                            message: LocalizedText(
                                ja: "事業者ID「\(id)」の事業者名・役割・過去交付決定・ITツール利用が \(first.source.file):\(first.source.line) と異なります",
                                en: "member \"\(id)\" has a different name, role, prior grant or IT tool use than at \(first.source.file):\(first.source.line)"),
                            hint: LocalizedText(ja: "同じ事業者の行はすべて同じ内容にしてください", en: "make every row of the same member agree")))
                }
                continue
            }
            memberIndex[id] = members.count
            members.append(member)
            cleanBefore = row
        }
    }

    /// A figure file that names members when a roster exists: the names must agree with it.
    func checkNames(_ table: SourceTable, diagnostics: inout [Diagnostic]) {
        guard table.has(.name) else { return }
        for row in table.rows where !row.undecodable {
            steps?.tick()
            var ignored: [Diagnostic] = []
            guard let id = table.memberID(in: row, errors: &ignored), let index = memberIndex[id],
                let cell = table.cell(.name, in: row), let name = cell.text
            else { continue }
            let member = members[index]
            if !MemberNames.same(name, member.name) {
                let at = MemberNames.firstDifference(name, member.name)
                diagnostics.append(
                    Diagnostic(
                        code: .conflictingMemberName, location: table.location(.name, in: row),
                        columnName: table.columns[.name]?.raw, rawValue: name,
                        message: LocalizedText(
                            ja: "事業者ID「\(id)」の事業者名「\(name)」が名簿の「\(member.name)」（\(member.source.file):\(member.source.line)）と異なります（\(at)文字目から）",
                            en:
                                "member \"\(id)\" is named \"\(name)\" here but \"\(member.name)\" in the roster (\(member.source.file):\(member.source.line)); they differ from character \(at)"
                        ),
                        hint: LocalizedText(ja: "事業者IDか事業者名の誤りを直してください", en: "correct the member ID or the name")))
            }
        }
    }

    /// - Parameter releasingRows: true on the last pass over `table`'s rows: each row's cells are
    /// let go once read, and the rows at the end, so that a large group's rows and its figures are
    /// never held whole at once.
    mutating func readFigures(_ table: inout SourceTable, releasingRows: Bool = false, diagnostics: inout [Diagnostic]) {
        guard table.requireColumns(Column.requiredFigures, diagnostics: &diagnostics) else { return }
        if let labour = table.columns[.labourCost] { moneyUnits[table.file] = (labour.unit, labour.index + 1) }
        defer { if releasingRows { table.rows = [] } }
        // At most a figure per row: grown step by step, the dictionary was rehashed a dozen times.
        figures.reserveCapacity(figures.count + table.rows.count)
        for index in table.rows.indices {
            let row = table.rows[index]
            if releasingRows { table.rows[index] = SourceTable.Row(line: row.line, cells: [], undecodable: row.undecodable) }
            guard !row.undecodable else { continue }
            steps?.tick()
            var errors = table.checkCellCount(row)
            var id = table.memberID(in: row, errors: &errors)
            if let given = id, memberIndex[given] == nil {
                let shown = Diagnostic.shortened(given)
                // Excel drops the leading zeros of an ID it takes for a number: 3 for the roster's 003.
                let zeros = MemberIDs.withLeadingZeros(given, roster: members.map(\.id))
                if zeros.count == 1, let restored = zeros.first {
                    id = restored
                    diagnostics.append(
                        Diagnostic(
                            code: .memberIdZerosRestored, location: table.location(.memberID, in: row),
                            columnName: table.columns[.memberID]?.raw, rawValue: given,
                            message: LocalizedText(
                                ja: "事業者ID「\(shown)」を名簿の「\(restored)」として読みました（Excel が先頭の 0 を消したとみられます）",
                                en: "member ID \"\(shown)\" was read as the roster's \"\(restored)\" (Excel seems to have dropped the leading zeros)"),
                            hint: LocalizedText(
                                ja: "Excel では ID の列を「文字列」にして入力し直すと 0 が残ります",
                                en: "format the ID column as Text in Excel and retype the IDs to keep the zeros")))
                } else {
                    let near = zeros.isEmpty ? "" : zeros.joined(separator: ", ")
                    errors.append(
                        Diagnostic(
                            code: .unknownMember, location: table.location(.memberID, in: row),
                            columnName: table.columns[.memberID]?.raw, rawValue: given,
                            message: LocalizedText(
                                ja: "事業者ID「\(shown)」は名簿にありません" + (near.isEmpty ? "" : "（先頭の 0 を補うと \(near) のどれにも当たります）"),
                                en: "member \"\(shown)\" is not on the roster" + (near.isEmpty ? "" : " (with leading zeros it could be any of \(near))")),
                            hint: LocalizedText(
                                ja: "members.csv に追加するか、事業者IDの誤りを直してください",
                                en: "add the member to members.csv or correct the ID")))
                }
            }
            let period = table.parseCell(.period, in: row, required: true, errors: &errors, parse: Vocabulary.period)
            let kind = table.parseCell(.kind, in: row, required: false, errors: &errors, parse: Vocabulary.kind) ?? .actual
            let moneyAndCounts: [Column] = [.operatingProfit, .labourCost, .depreciation, .headcount, .hoursPerEmployee]
            if moneyAndCounts.allSatisfy({ table.cell($0, in: row) == nil }) {
                if errors.isEmpty {
                    diagnostics.append(
                        Diagnostic(
                            code: .emptyFiguresRow, location: table.at(line: row.line),
                            message: LocalizedText(
                                ja: "事業者「\(id ?? "")」\(period.map { PeriodText.name($0, .ja) } ?? "")\(kind == .actual ? "実績" : "目標")の数値が空のため、この行は使われません",
                                en:
                                    "member \"\(id ?? "")\" \(period.map { PeriodText.name($0, .en) } ?? "") \(kind.rawValue) has no figures; the row is not used"
                            ),
                            hint: LocalizedText(ja: "未提出の数値であれば入力してください", en: "fill in the figures if they are due")))
                } else {
                    diagnostics.append(contentsOf: errors)
                }
                continue
            }
            var cellWarnings: [Diagnostic] = []
            defer { diagnostics.append(contentsOf: cellWarnings) }
            let operatingProfit = table.number(.operatingProfit, in: row, errors: &errors, warnings: &cellWarnings) { _ in nil }
            let labourCost = table.number(.labourCost, in: row, errors: &errors, warnings: &cellWarnings, check: Range.nonNegative)
            let depreciation = table.number(.depreciation, in: row, errors: &errors, warnings: &cellWarnings, check: Range.nonNegative)
            let headcount = table.number(.headcount, in: row, errors: &errors, warnings: &cellWarnings, check: Range.positive)
            let hours = table.number(.hoursPerEmployee, in: row, errors: &errors, warnings: &cellWarnings, check: Range.hours)
            let reason = table.cell(.shortfallReason, in: row)?.text
            guard errors.isEmpty, let id, let period, let operatingProfit, let labourCost, let depreciation,
                let headcount, let hours
            else {
                diagnostics.append(contentsOf: errors)
                continue
            }
            let key = FigureKey(member: id, period: period, kind: kind)
            let source = table.at(line: row.line)
            var figure = Figures(
                operatingProfit: operatingProfit, labourCost: labourCost, depreciation: depreciation,
                headcount: headcount, hoursPerEmployee: hours, shortfallReason: reason, source: source)
            figure.origin = table.cell(.origin, in: row).flatMap(\.text)
            // Filed with one lookup; a duplicate (rare) puts the first row's figures back.
            if let first = figures.updateValue(figure, forKey: key) {
                figures[key] = first
                diagnostics.append(
                    Diagnostic(
                        code: .duplicateFigures, location: source, rawValue: id,
                        message: LocalizedText(
                            ja:
                                "事業者「\(id)」の\(PeriodText.name(period, .ja))\(kind == .actual ? "実績" : "目標")が \(first.source.file):\(first.source.line) と重複しています",
                            en:
                                "member \"\(id)\" \(PeriodText.name(period, .en)) \(kind.rawValue) is given twice (first at \(first.source.file):\(first.source.line))"
                        ),
                        hint: LocalizedText(ja: "どちらか一方の行を削除してください", en: "delete one of the two rows")))
            }
        }
    }

    /// Group-wide rules on the roster: one representative (代表事業者), at least 10 members.
    func checkRoster(path: String, diagnostics: inout [Diagnostic]) {
        guard !members.isEmpty else { return }
        let representatives = members.filter { $0.role == .representative }
        if representatives.count != 1 {
            let names = representatives.map { "\($0.id) \($0.name)" }.joined(separator: ", ")
            diagnostics.append(
                Diagnostic(
                    code: .representativeCount, location: representatives.dropFirst().first?.source ?? SourceLocation(file: path, line: 0),
                    message: LocalizedText(
                        ja: "代表事業者は1者だけです（現在 \(representatives.count) 者\(names.isEmpty ? "" : ": " + names)）",
                        en: "a group has exactly one representative (found \(representatives.count)\(names.isEmpty ? "" : ": " + names))"),
                    hint: LocalizedText(
                        ja: "役割の列で1者だけを「代表事業者」、他を「参画事業者」にしてください",
                        en: "mark exactly one member as representative and the others as participant")))
        }
        if members.count < 10 {
            diagnostics.append(
                Diagnostic(
                    code: .fewerThanTenMembers, location: SourceLocation(file: path, line: 0),
                    message: LocalizedText(
                        ja: "グループ構成員が \(members.count) 者です（複数社連携IT導入枠は10者以上）",
                        en: "the group has \(members.count) members (the multi-company frame requires at least 10)")))
        }
        for member in members where member.role == .participant && !member.usesITTool {
            diagnostics.append(
                Diagnostic(
                    code: .participantWithoutTool, location: member.source, rawValue: member.id,
                    message: LocalizedText(
                        ja: "参画事業者「\(member.id) \(member.name)」が ITツールを利用しない扱いです。参画事業者は計算に含めます",
                        en: "participant \"\(member.id) \(member.name)\" is marked as not using the IT tool; participants stay in the calculation"),
                    hint: LocalizedText(
                        ja: "ITツールの利用をやめた場合は辞退届が必要になることがあります（事務局へ確認）",
                        en: "a participant that stopped using the tool may need to file a withdrawal notice (ask the secretariat)")))
        }
    }
}

/// Range checks on figures (公募要領 §6-3 inputs; domain.md §2).
enum Range {
    static func nonNegative(_ value: Rational) -> LocalizedText? {
        value.sign < 0 ? LocalizedText(ja: "負の値は使えません（0 以上）", en: "must not be negative (0 or more)") : nil
    }
    static func positive(_ value: Rational) -> LocalizedText? {
        value.sign <= 0 ? LocalizedText(ja: "0 より大きい値にしてください", en: "must be greater than 0") : nil
    }
    /// Hours per employee per year: > 0 and at most 8,760 (24 × 365).
    static func hours(_ value: Rational) -> LocalizedText? {
        if value.sign <= 0 { return positive(value) }
        if Rational(8_760) < value {
            return LocalizedText(
                ja: "1人当たり年間労働時間は 8,760 時間（24時間×365日）以下です",
                en: "hours per employee per year cannot exceed 8,760 (24 × 365)")
        }
        return nil
    }
}

extension SourceTable {
    /// A group ID column naming more than one group: an error at the first row of the second group.
    func severalGroups() -> [Diagnostic] {
        guard let column = columns[.groupID] else { return [] }
        var first: String?
        for row in rows where column.index < row.cells.count {
            guard let id = row.cells[column.index].text else { continue }
            guard let seen = first else {
                first = id
                continue
            }
            if id != seen {
                return [
                    Diagnostic(
                        code: .severalGroups, location: location(.groupID, in: row), columnName: column.raw,
                        rawValue: id,
                        message: LocalizedText(
                            ja: "このファイルには複数のグループ（「\(seen)」「\(id)」…）が入っています",
                            en: "this file holds more than one group (\"\(seen)\", \"\(id)\", …)"),
                        hint: LocalizedText(
                            ja: "グループごとの集計は groupprod portfolio で行ってください",
                            en: "use groupprod portfolio to report each group"))
                ]
            }
        }
        return []
    }

    /// Reports missing required columns; true when all are present.
    func requireColumns(_ required: [Column], diagnostics: inout [Diagnostic]) -> Bool {
        let missing = required.filter { !has($0) }
        for column in missing {
            diagnostics.append(
                Diagnostic(
                    code: .missingColumn, location: at(line: headerLine),
                    message: LocalizedText(
                        ja: "必須の列「\(column.japaneseName)」（\(column.rawValue)）がありません",
                        en: "the required column \(column.rawValue) (\(column.japaneseName)) is missing"),
                    hint: LocalizedText(
                        ja: "見出し行に「\(column.japaneseName)」の列を追加してください",
                        en: "add a \(column.rawValue) column to the header row")))
        }
        return missing.isEmpty
    }

    func checkCellCount(_ row: Row) -> [Diagnostic] {
        // A sheet has every column; its empty cells at the end of a row are simply not stored.
        if row.cells.count < headerCellCount && sheet == nil {
            return [
                Diagnostic(
                    code: .tooFewCells, location: at(line: row.line),
                    message: LocalizedText(
                        ja: "この行のセルは \(row.cells.count) 個で、見出し（\(headerCellCount) 列）より少ないです",
                        en: "the row has \(row.cells.count) cells but the header has \(headerCellCount)"),
                    hint: LocalizedText(ja: "区切りのカンマが抜けていないか確認してください", en: "check for a missing comma"))
            ]
        }
        if let extra = row.cells.indices.dropFirst(headerCellCount).first(where: { row.cells[$0].text != nil }) {
            return [
                Diagnostic(
                    code: .tooManyCells,
                    location: at(line: row.line(ofCell: extra), column: extra + 1), rawValue: row.cells[extra].text,
                    message: LocalizedText(
                        ja: "見出し（\(headerCellCount) 列）より右に値があります",
                        en: "there is a value beyond the header's \(headerCellCount) columns"),
                    hint: LocalizedText(
                        ja: "値の中のカンマは値全体を \" で囲むか、余分なセルを削除してください",
                        en: "quote values that contain commas, or delete the extra cells"))
            ]
        }
        return []
    }

    func missingValue(_ column: Column, in row: Row) -> Diagnostic {
        Diagnostic(
            code: .missingValue, location: location(column, in: row), columnName: columns[column]?.raw,
            rawValue: "",
            message: LocalizedText(
                ja: "「\(columns[column]?.raw ?? column.japaneseName)」が空です",
                en: "\(columns[column]?.raw ?? column.rawValue) is empty"),
            hint: LocalizedText(ja: "値を入力してください", en: "fill in a value"))
    }

    func memberID(in row: Row, errors: inout [Diagnostic]) -> MemberID? {
        guard let text = plainText(.memberID, in: row, errors: &errors) else { return nil }
        return MemberIDs.fold(text)
    }

    /// A required text cell (an ID or a name) that must hold no control or bidirectional-format
    /// characters: a name carrying `ESC]0;…BEL` would retitle a terminal, U+202E would reorder
    /// what a reader sees. Refused at its cell, never carried into reports.
    func plainText(_ column: Column, in row: Row, errors: inout [Diagnostic]) -> String? {
        guard let text = cell(column, in: row)?.text else {
            errors.append(missingValue(column, in: row))
            return nil
        }
        guard let bad = TextSafety.firstHostile(in: text) else { return text }
        let code = "U+" + String(bad.value, radix: 16, uppercase: true).leftPadded(to: 4)
        errors.append(
            Diagnostic(
                code: .controlCharacter, location: location(column, in: row), columnName: columns[column]?.raw,
                rawValue: text,
                message: LocalizedText(
                    ja: "\(column.japaneseName)に制御文字（\(code)）が含まれています",
                    en: "the \(column.rawValue) holds a control character (\(code))"),
                hint: LocalizedText(
                    ja: "セルを打ち直してください（他のソフトからの貼り付けで混じることがあります）",
                    en: "retype the cell (pasting from other software can bring such characters in)")))
        return nil
    }

    /// Reads a word cell through a vocabulary; an unknown word is an error listing what is accepted.
    func parseCell<T>(
        _ column: Column, in row: Row, required: Bool, errors: inout [Diagnostic],
        parse vocabulary: Vocabulary<T>
    ) -> T? {
        guard let text = cell(column, in: row)?.text else {
            if required { errors.append(missingValue(column, in: row)) }
            return nil
        }
        if let value = vocabulary.parse(text) { return value }
        let shown = Diagnostic.shortened(text)
        errors.append(
            Diagnostic(
                code: .unknownValue, location: location(column, in: row), columnName: columns[column]?.raw,
                rawValue: text,
                message: LocalizedText(
                    ja: "「\(shown)」は\(column.japaneseName)として解釈できません",
                    en: "\"\(shown)\" is not a valid \(column.rawValue)"),
                hint: LocalizedText(ja: "使える値: \(vocabulary.accepted.ja)", en: "accepted values: \(vocabulary.accepted.en)")))
        return nil
    }

    /// Reads a number cell exactly, scales money by the unit (the header's, or one written in the
    /// cell that agrees with it), and applies `check`. Excel's idioms are read as what they mean:
    /// a dash alone is zero, with a warning naming the cell (rule: figures are reported as given,
    /// so a guessed zero is said aloud); a unit in the cell that contradicts the header is an error.
    func number(
        _ column: Column, in row: Row, errors: inout [Diagnostic], warnings: inout [Diagnostic],
        check: (Rational) -> LocalizedText?
    ) -> Rational? {
        let raw = cell(column, in: row)?.text ?? ""
        let header = columns[column]
        // The words are made only for a cell that raises a diagnostic.
        var shown: String { Diagnostic.shortened(raw) }
        var name: LocalizedText { LocalizedText(ja: header?.raw ?? column.japaneseName, en: header?.raw ?? column.rawValue) }
        /// A diagnostic about this cell.
        func here(_ code: DiagnosticCode, _ message: LocalizedText, _ hint: LocalizedText) -> Diagnostic {
            Diagnostic(
                code: code, location: location(column, in: row), columnName: header?.raw,
                rawValue: raw, message: message, hint: hint)
        }
        var read = NumberParser.read(raw)
        // Headcount and hours have no unit to agree with: any unit in the cell is a mistake.
        if case .success(let cell) = read, let unit = cell.unit, !column.isMoney {
            read = .failure(.unitInCell(unit.text))
        }
        switch read {
        case .failure(let problem):
            errors.append(
                here(
                    problem == .empty ? .missingValue : .notANumber,
                    LocalizedText(
                        ja: "「\(name.ja)」の「\(shown)」は数値として読めません: \(problem.message.ja)",
                        en: "\(name.en) \"\(shown)\" is not a number: \(problem.message.en)"),
                    problem.hint))
            return nil
        case .success(let cell):
            let columnUnit = header?.unit
            if let unit = cell.unit, let columnUnit, header?.unitStated == true, unit.factor != columnUnit.rawValue {
                let headerUnit = columnUnit.label
                errors.append(
                    here(
                        .unitContradictsColumn,
                        LocalizedText(
                            ja: "「\(name.ja)」の「\(shown)」はセルの単位（\(unit.text)）が見出しの単位（\(headerUnit)）と違います",
                            en: "\(name.en) \"\(shown)\": the unit in the cell (\(unit.text)) differs from the header's (\(headerUnit))"),
                        LocalizedText(
                            ja: "見出しの単位（\(headerUnit)）で数字だけを入力してください",
                            en: "enter digits only, in the header's unit (\(headerUnit))")))
                return nil
            }
            let factor = cell.unit?.factor ?? columnUnit?.rawValue ?? 1
            let value = factor == 1 ? cell.written : cell.written * Rational(factor)
            if let limit = FigureLimits.violation(column, value) {
                errors.append(
                    here(
                        .outOfRange,
                        LocalizedText(
                            ja: "「\(name.ja)」の「\(shown)」は扱える範囲を超えています: \(limit.ja)",
                            en: "\(name.en) \"\(shown)\" is outside the range this tool accepts: \(limit.en)"),
                        LocalizedText(ja: "桁や単位（円・千円）を確認してください", en: "check the digits and the unit (円 or 千円)")))
                return nil
            }
            if let problem = check(value) {
                errors.append(
                    here(
                        column == .hoursPerEmployee && value.sign > 0 ? .hoursOverYear : column.isMoney ? .negativeValue : .notPositive,
                        LocalizedText(ja: "「\(name.ja)」の「\(shown)」: \(problem.ja)", en: "\(name.en) \"\(shown)\": \(problem.en)"),
                        column == .hoursPerEmployee
                            ? LocalizedText(
                                ja: "1人当たりの年間の時間を入力してください（月間の値や全員の合計ではありません）",
                                en: "enter yearly hours per employee (not a monthly figure or a total for all staff)")
                            : LocalizedText(ja: "値と符号を確認してください", en: "check the value and its sign")))
                return nil
            }
            if cell.dashAsZero {
                warnings.append(
                    here(
                        .dashAsZero,
                        LocalizedText(
                            ja: "「\(name.ja)」の「\(shown)」を 0 として読みました（Excel の会計表示の 0）",
                            en: "\(name.en) \"\(shown)\" was read as 0 (Excel's accounting format shows zero as a dash)"),
                        LocalizedText(
                            ja: "0 で正しければそのままで構いません。未記入のつもりなら数値を入力してください",
                            en: "if zero is right, nothing to do; if the cell was left unfilled, enter the figure")))
            }
            return value
        }
    }
}

extension Diagnostic {
    /// A cell's text as quoted in a message: at most 40 characters, with the full length after a cut.
    static func shortened(_ text: String) -> String {
        // No more bytes than 40 means no more characters either: not counted.
        guard text.utf8.count > 40, text.count > 40 else { return text }
        return String(text.prefix(30)) + "…(\(text.count))"
    }

    static func duplicateMember(_ id: MemberID, at location: SourceLocation, first: SourceLocation) -> Diagnostic {
        Diagnostic(
            code: .duplicateMember, location: location, rawValue: id,
            message: LocalizedText(
                ja: "事業者ID「\(id)」が名簿に2回あります（最初は \(first.line) 行目）",
                en: "member ID \"\(id)\" appears twice in the roster (first on line \(first.line))"),
            hint: LocalizedText(ja: "事業者IDは1者に1つにしてください", en: "give each member its own ID"))
    }

    static func fileNotRead(_ path: String, excel: Bool) -> Diagnostic {
        Diagnostic(
            code: excel ? .excelFileNotRead : .fileNotRead, location: SourceLocation(file: path, line: 0),
            message: excel
                ? LocalizedText(ja: "古い形式の Excel ブック（.xls）は読み込みません", en: "old-format Excel workbooks (.xls) are not read")
                : LocalizedText(
                    ja: "表のファイル（.csv .tsv .xlsx、Unicode テキストの .txt）ではないため読み込みません",
                    en: "not a table file (.csv .tsv .xlsx, or a Unicode-text .txt); not read"),
            hint: excel
                ? LocalizedText(
                    ja: "Excel で開き「Excel ブック (*.xlsx)」か「CSV UTF-8」形式で保存し直してください",
                    en: "open it in Excel and save it again as \"Excel Workbook (*.xlsx)\" or \"CSV UTF-8\"")
                : LocalizedText(
                    ja: "数値のファイルなら .csv の名前にするか、Excel で「CSV UTF-8」形式で保存してください",
                    en: "if it holds figures, name it .csv or save it from Excel as \"CSV UTF-8\""))
    }
}

/// Bounds no real business reaches, so that no figure can make the exact arithmetic or the
/// truncated-CAGR search run for minutes (a `1` followed by 10,000 zeros has only one significant
/// digit). Documented in the README; a figure outside is a located error (`out_of_range`).
public enum FigureLimits {
    /// Money: |value| ≤ 10^15 yen (a thousand trillion).
    public static let maxYen = Rational(BigInt(10).power(15))
    /// Headcount ≤ 1,000,000.
    public static let maxHeadcount = Rational(1_000_000)
    /// Hours per employee ≥ 1 (and ≤ 8,760, checked as `hours_over_year`).
    public static let minHours = Rational(1)
    /// At most 6 decimal places in any figure after unit scaling (yen to the micro-yen).
    public static let maxDecimals = 6

    static func violation(_ column: Column, _ value: Rational, decimals: Bool = true) -> LocalizedText? {
        // Machine-word figures (nearly all) are checked with integer arithmetic; the answer is the
        // same as the exact one below, which `FigureLimitsTests` compares on both sides of each bound.
        if let (n, d) = value.parts, withinLimits(column, n, d, decimals: decimals) == true { return nil }
        return exactViolation(column, value, decimals: decimals)
    }

    /// true when n/d (lowest terms, d > 0) is within every bound, false when outside one; nil when
    /// a product would overflow. Anything but true goes to the exact path, which words the message.
    @inline(__always) static func withinLimits(_ column: Column, _ n: Int64, _ d: Int64, decimals: Bool) -> Bool? {
        // In lowest terms, n/d × 10^6 is whole exactly when d divides 10^6 (whole yen, d = 1,
        // without the division: one a figure, some 4.5 million on the benchmark's portfolio).
        if decimals && d != 1 && 1_000_000 % d != 0 { return false }
        let magnitude = n.magnitude
        func atMost(_ bound: Int64) -> Bool? {
            let (limit, overflow) = bound.multipliedReportingOverflow(by: d)
            return overflow ? nil : magnitude <= limit.magnitude
        }
        if column.isMoney { return atMost(1_000_000_000_000_000) }
        if column == .headcount && n > 0 { return atMost(1_000_000) }
        if column == .hoursPerEmployee && n > 0 { return n >= d }
        return true
    }

    static func exactViolation(_ column: Column, _ value: Rational, decimals: Bool) -> LocalizedText? {
        let million = BigInt(10).power(maxDecimals)
        if decimals && (value * Rational(million)).denominator != 1 {
            return LocalizedText(ja: "小数点以下は\(maxDecimals)桁まで", en: "at most \(maxDecimals) decimal places")
        }
        let magnitude = value.sign < 0 ? -value : value
        if column.isMoney && maxYen < magnitude {
            return LocalizedText(ja: "金額は ±1,000兆円（10^15 円）まで", en: "money within ±10^15 yen")
        }
        if column == .headcount && maxHeadcount < value {
            return LocalizedText(ja: "従業員数は 1,000,000 人まで", en: "headcount up to 1,000,000")
        }
        if column == .hoursPerEmployee && value.sign > 0 && value < minHours {
            return LocalizedText(ja: "1人当たり年間労働時間は 1 時間以上", en: "hours per employee of at least 1")
        }
        return nil
    }

    /// The magnitude bounds for figures a scenario produced (a percentage change may add decimals).
    public static func check(_ f: Figures, decimals: Bool) -> LocalizedText? {
        for (column, value) in [
            (Column.operatingProfit, f.operatingProfit), (.labourCost, f.labourCost), (.depreciation, f.depreciation),
            (.headcount, f.headcount), (.hoursPerEmployee, f.hoursPerEmployee),
        ] {
            if let problem = violation(column, value, decimals: decimals) { return problem }
        }
        return nil
    }
}
