import CSVCodec
import Foundation

#if os(Linux)
    import CMallocTuning
#endif

/// Why a group in a portfolio may be published (公表), or cannot be judged: a code per cause.
public enum PortfolioRisk: String, Sendable, Equatable, CaseIterable {
    /// The group's files have errors: no report can be made, which is itself the "no report" risk.
    case inputErrors = "input_errors"
    case cagrBelowThreshold = "cagr_below_threshold"
    case missingReport = "missing_report"
    case notComputable = "not_computable"
    /// A report year's window closed with members' actuals missing (domain §5).
    case reportOverdue = "report_overdue"
}

/// One group's line in a portfolio: what a consultant scans across many groups. Facts only; the
/// words and number formats are the presentation layer's. Every figure here is the one `report`
/// computes for the group alone.
public struct PortfolioRow: Sendable, Equatable {
    /// The group ID (combined file) or the folder name.
    public var id: String
    /// The project name (補助事業名) when known, else the ID.
    public var name: String
    /// The folder, or the combined file and the line of the group's first row.
    public var source: SourceLocation
    public var memberCount: Int
    public var method: GroupMethod
    /// nil when the group had input errors.
    public var threshold: Rational?
    /// `ROUNDDOWN(CAGR, 3)` per report year that has one, exactly.
    public var cagrOfficial: [Period: Rational]
    /// Whether each report year with a growth rate meets the target, decided exactly.
    public var meets: [Period: Bool]
    /// nil when the group had input errors.
    public var verdict: Verdict?
    public var risks: [PortfolioRisk]
    public var edition: Int?
    /// The report year due next and the days to its deadline (its window's close), when the edition is known.
    public var nextReport: Period?
    public var daysToDeadline: Int?
    public var errorCount: Int
    public var warningCount: Int

    /// At risk of publication, or not judgeable because of errors.
    public var atRisk: Bool { !risks.isEmpty }

    public init(id: String, source: SourceLocation, loaded: LoadResult, method: GroupMethod, asOf: CivilDate) {
        // A row needs the official CAGRs and verdicts only, never the exact levels a report's
        // tables print: every group is decided from its floating-point enclosure, and summed
        // exactly only when the enclosure straddles a knife edge (`Enclosure`), so the figures
        // are the ones `report` gives (PortfolioTests compare every group).
        let judgement = loaded.group.map { group in
            Judgement(GroupReport(group: group, method: method, exactUpTo: 0, detail: .verdicts))
        }
        self.init(
            id: id, source: source, name: loaded.settings?.projectName ?? id, edition: loaded.settings?.edition, method: method,
            judgement: judgement, errorCount: loaded.errors.count, warningCount: loaded.warnings.count, asOf: asOf)
    }

    /// The row of a group judged (nil: its files had errors).
    init(
        id: String, source: SourceLocation, name: String, edition: Int?, method: GroupMethod, judgement: Judgement?,
        errorCount: Int, warningCount: Int, asOf: CivilDate
    ) {
        self.id = id
        self.source = source
        self.method = method
        self.name = name
        self.edition = edition
        self.errorCount = errorCount
        self.warningCount = warningCount
        cagrOfficial = [:]
        meets = [:]
        guard let judgement else {
            memberCount = 0
            risks = [.inputErrors]
            return
        }
        memberCount = judgement.memberCount
        threshold = judgement.threshold
        verdict = judgement.verdict
        for year in Period.reportYears {
            let p = judgement.periods[year.rawValue]
            if let official = p.cagrOfficial { cagrOfficial[year] = official }
            if let met = p.meetsThreshold, p.cagrOfficial != nil { meets[year] = met }
        }
        var risks: [PortfolioRisk] = []
        for risk in judgement.risks {
            let code: PortfolioRisk =
                switch risk {
                case .cagrBelowThreshold: .cagrBelowThreshold
                case .missingReport: .missingReport
                case .notComputable: .notComputable
                }
            if !risks.contains(code) { risks.append(code) }
        }
        if let edition, let calendar = ReportCalendar(edition: edition, asOf: asOf, missing: judgement.missing) {
            if !calendar.overdue.isEmpty { risks.append(.reportOverdue) }
            if let next = calendar.next {
                nextReport = next.window.period
                daysToDeadline = asOf.days(until: next.window.closes)
            }
        }
        self.risks = risks
    }

    /// At-risk groups first (errors, then publication risks), then by the latest official CAGR
    /// (lowest first), then by ID: the order a consultant works through them.
    public static func atRiskFirst(_ a: PortfolioRow, _ b: PortfolioRow) -> Bool {
        func rank(_ r: PortfolioRow) -> Int { r.errorCount > 0 ? 0 : r.atRisk ? 1 : 2 }
        if rank(a) != rank(b) { return rank(a) < rank(b) }
        let ca = a.cagrOfficial[.year2] ?? a.cagrOfficial[.year1]
        let cb = b.cagrOfficial[.year2] ?? b.cagrOfficial[.year1]
        switch (ca, cb) {
        case (let x?, let y?) where x != y: return x < y
        case (_?, nil): return true
        case (nil, _?): return false
        default: return a.id < b.id
        }
    }
}

/// What a portfolio row takes from judging a group: the same whether the group was reported
/// (`GroupReport`) or judged from its plain rows (`LeanJudge`).
struct Judgement {
    var memberCount: Int
    var threshold: Rational
    var verdict: Verdict
    /// Base, year 1 and year 2, in that order.
    var periods: [GroupPeriodResult]
    /// In the report's order.
    var risks: [RiskCode]
    /// The members in the calculation without actuals for a year (the report calendar's question).
    var missing: (Period) -> [MemberID]
}

extension Judgement {
    init(_ report: GroupReport) {
        self.init(
            memberCount: report.members.count, threshold: report.threshold.rate, verdict: report.verdict, periods: report.periods,
            risks: report.risks.map(\.code), missing: report.missingActuals)
    }
}

/// How many groups stand where: counted once, for the summary table, the JSON and the last line.
public struct PortfolioCounts: Sendable, Equatable {
    public var groups: Int
    /// At risk of publication, groups with input errors included.
    public var atRisk: Int
    public var withErrors: Int
    /// Meeting the target with no risk at all.
    public var meetingWithoutRisk: Int

    public init(_ rows: [PortfolioRow]) {
        groups = rows.count
        atRisk = rows.filter(\.atRisk).count
        withErrors = rows.filter { $0.errorCount > 0 }.count
        meetingWithoutRisk = rows.filter { $0.verdict == .meets && !$0.atRisk }.count
    }
}

/// One group of a portfolio as loaded and judged, with every diagnostic of its files.
public struct PortfolioGroup: Sendable {
    public var row: PortfolioRow
    public var diagnostics: [Diagnostic]
    /// The files of a group folder read, with their SHA-256, in the order `report` lists them.
    public var inputs: [InputFile] = []
}

/// The outcome of reading a portfolio: one entry per group, plus problems that belong to no group
/// (a file beside the group folders, a row without a group ID, a syntax error in the combined file).
public struct PortfolioResult: Sendable {
    public var groups: [PortfolioGroup]
    public var diagnostics: [Diagnostic]
    /// Every file read, with its SHA-256: the combined file, or each group folder's files in turn
    /// (none when `read` was not asked to record them).
    public var inputs: [InputFile]
    /// The combined file was not sorted by group, so it was read in passes (see `Portfolio`).
    public var unsorted: Bool
    public var rows: [PortfolioRow] { groups.map(\.row) }
}

/// Many groups at once: a folder of group folders, or one combined CSV with a group ID column
/// (グループID) beside the roster and figure columns.
///
/// A combined file sorted by group (the common case) is read in one pass holding one group's rows
/// at a time. When a group ID comes back after another group's rows, the file is not sorted: that
/// read goes on counting each group's rows, and the file is read again in passes, each holding a
/// few groups' rows (memory bounded, not growing with the file), and the result says so. Either way each group is loaded by the same code as `report` and judged alone.
public enum Portfolio {
    /// - Parameter progress: called now and then with (work done, total work), in units the caller
    ///   need not know (groups for a folder, lines for a combined file).
    /// - Parameter readingAgain: called once when a combined file is found not sorted by group,
    ///   after the read that found it and before the passes that read it again; `progress` then
    ///   starts again from nothing over those passes (a bar can say it is reading again).
    /// - Parameter partBytes: the smallest combined file read in two parts (tests make it small;
    ///   `GROUPPROD_PART_BYTES` sets it too).
    /// - Parameter budget: `unsorted(_:…)`'s budget, `segmentBytes` its stretches and
    ///   `indexBytes` its record index (tests).
    /// - Parameter recordInputs: whether to list every file read with its size and SHA-256
    ///   (`PortfolioResult.inputs`, which the JSON's record block shows): false leaves the list
    ///   empty, and no file is hashed (5.5% of the perf samples of a 97 MB file's portfolio).
    public static func read(
        path: String, method: GroupMethod, asOf: CivilDate,
        progress: ((Int, Int) -> Void)? = nil, readingAgain: (() -> Void)? = nil, partBytes: Int = 1 << 22,
        budget: Int = unsortedBudget, segmentBytes: Int? = nil, indexBytes: Int? = nil, recordInputs: Bool = true
    ) -> PortfolioResult {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return PortfolioResult(
                groups: [],
                diagnostics: [
                    Diagnostic(
                        code: .pathNotFound, location: SourceLocation(file: path, line: 0),
                        message: LocalizedText(ja: "ファイルまたはフォルダがありません", en: "no such file or folder"),
                        hint: LocalizedText(ja: "パスを確認してください", en: "check the path"))
                ], inputs: [], unsorted: false)
        }
        if isDirectory.boolValue {
            return folders(path, method: method, asOf: asOf, progress: progress, recordInputs: recordInputs)
        }
        if PathKind(path) == .special {
            return PortfolioResult(groups: [], diagnostics: [.notARegularFile(path)], inputs: [], unsorted: false)
        }
        // The file's SHA-256 is worked out on a thread of its own while the groups are read: after
        // them, it ran alone at the end with the other core idle.
        let hashed = recordInputs ? Beside { GroupLoader.record(path) } : nil
        var result = combined(
            path, method: method, asOf: asOf, progress: progress, readingAgain: readingAgain, partBytes: partByteLimit ?? partBytes,
            budget: budget,
            segmentBytes: segmentBytes, indexBytes: indexBytes)
        result.inputs = hashed?.result().map { [$0] } ?? []
        return result
    }

    /// Each folder inside `path` is a group; anything else there is named, never passed over.
    static func folders(
        _ path: String, method: GroupMethod, asOf: CivilDate, progress: ((Int, Int) -> Void)?, recordInputs: Bool = true
    ) -> PortfolioResult {
        var diagnostics: [Diagnostic] = []
        var folders: [(name: String, path: String)] = []
        for entry in ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() {
            let full = (path as NSString).appendingPathComponent(entry)
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
            if exists && isDirectory.boolValue && !entry.hasPrefix(".") {
                folders.append((entry, full))
            } else {
                diagnostics.append(
                    Diagnostic(
                        code: .portfolioEntryNotRead, location: SourceLocation(file: full, line: 0),
                        message: LocalizedText(ja: "グループのフォルダではないため読み込みません", en: "not a group folder; not read"),
                        hint: LocalizedText(
                            ja: "グループごとにフォルダを分けて置いてください（1つの CSV にまとめる場合はグループID列を付けてそのファイルを指定）",
                            en: "put each group in its own folder (or give one combined CSV with a group_id column)")))
            }
        }
        if folders.isEmpty {
            diagnostics.append(
                Diagnostic(
                    code: .noGroups, location: SourceLocation(file: path, line: 0),
                    message: LocalizedText(ja: "グループのフォルダが1つもありません", en: "there are no group folders"),
                    hint: LocalizedText(
                        ja: "グループごとのフォルダ（members.csv と数値の CSV）を入れたフォルダを指定してください",
                        en: "give a folder that holds one folder per group (members.csv plus figure CSVs)")))
        }
        let pool = GroupPool()
        for (i, folder) in folders.enumerated() {
            pool.add { () -> PortfolioGroup in
                if let (row, files) = leanFolderRow(folder.name, path: folder.path, method: method, asOf: asOf) {
                    return PortfolioGroup(row: row, diagnostics: [], inputs: recordInputs ? files.compactMap(GroupLoader.record) : [])
                }
                let loaded = GroupLoader.load(path: folder.path, recordInputs: recordInputs)
                let row = PortfolioRow(
                    id: folder.name, source: SourceLocation(file: folder.path, line: 0), loaded: loaded,
                    method: method, asOf: asOf)
                return PortfolioGroup(row: row, diagnostics: loaded.diagnostics, inputs: recordInputs ? loaded.inputs : [])
            }
            progress?(i + 1, folders.count)
        }
        let groups = pool.finish()
        return PortfolioResult(groups: groups, diagnostics: diagnostics, inputs: groups.flatMap(\.inputs), unsorted: false)
    }

    /// A group folder of plain CSV files as `GroupLoader` reads them — a roster file
    /// (`members.csv`) and figure files, or one file holding both — and perhaps a settings file
    /// (`グループ情報.csv`), judged from the files' bytes (`LeanJudge`) as a group of a combined
    /// file is; nil for `GroupLoader` to read the folder instead: anything else in it (a
    /// workbook, a note, a hidden or lock file, a folder), two rosters, files over
    /// `leanFolderBytes` in all (their rows are held while judged), any word from reading them, a
    /// figure file naming a member otherwise than the roster, or in one file without a roster the
    /// columns a combined file's group reads otherwise (group ID, project name, edition). With the
    /// row, the files read in the order the loader lists them (`LoadResult.inputs`).
    static func leanFolderRow(_ id: String, path: String, method: GroupMethod, asOf: CivilDate) -> (row: PortfolioRow, files: [String])? {
        guard leanPaths, method != .geometric, let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return nil }
        var (roster, settings, figures, bytes): (String?, String?, [String], Int) = (nil, nil, [], 0)
        for entry in entries.sorted() {
            let lower = entry.lowercased()
            guard !entry.hasPrefix("."), !entry.hasPrefix("~$"), (lower as NSString).pathExtension == "csv" else { return nil }
            let file = (path as NSString).appendingPathComponent(entry)
            guard let size = FileFacts.regularFileSize(file) else { return nil }
            bytes += size
            if GroupLoader.settingsFileNames.contains(lower) {
                settings = file
            } else if GroupLoader.rosterFileNames.contains(lower) {
                guard roster == nil else { return nil }
                roster = file
            } else {
                figures.append(file)
            }
        }
        guard bytes <= leanFolderBytes, !figures.isEmpty, roster != nil || figures.count == 1 else { return nil }
        /// The file's records as bytes under its header; nil when reading it says anything or
        /// offers a row decoded (not plain UTF-8).
        func held(_ file: String, _ part: LeanLoad.Part) -> LeanJudge.File? {
            var diagnostics: [Diagnostic] = []
            guard let (table, consumers) = SourceTable.eachRow(path: file, displayName: file, diagnostics: &diagnostics, consumer: { _ in RecordsHeld() }),
                diagnostics.isEmpty, consumers.count == 1, let held = consumers.first, held.decodedAny == false
            else { return nil }
            return (held.raw, table, part)
        }
        var read: GroupSettings?
        if let settings {
            var diagnostics: [Diagnostic] = []
            read = GroupLoader.readSettings(settings, diagnostics: &diagnostics)
            guard diagnostics.isEmpty else { return nil }
        }
        var files: [LeanJudge.File] = []
        if let roster {
            guard let rosterFile = held(roster, .roster) else { return nil }
            files.append(rosterFile)
            for figure in figures {
                guard let file = held(figure, .figures) else { return nil }
                files.append(file)
            }
        } else {
            guard let file = held(figures[0], .whole), !file.header.has(.groupID), !file.header.has(.projectName), !file.header.has(.edition)
            else { return nil }
            files.append(file)
        }
        guard let row = LeanJudge.row(id, files: files, settings: read, source: SourceLocation(file: path, line: 0), method: method, asOf: asOf)
        else { return nil }
        return (row, [settings, roster].compactMap { $0 } + figures)
    }
    /// The most bytes of files `leanFolderRow` holds whole: a group of some 50,000 members.
    static let leanFolderBytes = 16 << 20

    /// Every record of a file kept as bytes; a row offered decoded (not plain UTF-8) is only noted.
    struct RecordsHeld: SourceTable.RowConsumer {
        var raw = RawRows()
        var decodedAny = false
        mutating func take(_ row: SourceTable.Row) { decodedAny = true }
        mutating func take(record: CSVRecordView) -> Bool {
            raw.append(record)
            return true
        }
        var takesRecords: Bool { true }
    }

    /// One combined file, sorted by group: read in one pass holding one group's rows at a time.
    /// A large file is read in two parts at once (`SourceTable.eachRow`); a group cut by the
    /// boundary is put back together before it is judged. Each part also counts its groups' rows
    /// and bytes as the first pass over an unsorted file does (from the group ends while the
    /// groups come in order, record by record once one comes back), so that a file found unsorted
    /// is read again only in the passes that hold its groups (`unsorted(_:…)`), not counted again.
    /// The groups it judged whole before finding the file unsorted are kept, not read again.
    /// - Parameter parsed: as `unsorted(_:…)` says (tests).
    static func combined(
        _ path: String, method: GroupMethod, asOf: CivilDate, progress: ((Int, Int) -> Void)?, readingAgain: (() -> Void)? = nil,
        partBytes: Int = 1 << 22, budget: Int = unsortedBudget, segmentBytes: Int? = nil, indexBytes: Int? = nil,
        parsed: ((Int) -> Void)? = nil
    ) -> PortfolioResult {
        let version = FileFacts.version(path)
        var diagnostics: [Diagnostic] = []
        guard let (opened, inPlace) = open(path, segmentBytes: segmentBytes, indexBytes: indexBytes, diagnostics: &diagnostics) else {
            return PortfolioResult(groups: [], diagnostics: diagnostics, inputs: [], unsorted: false)
        }
        let (segmentBytes, indexBytes) = (inPlace?.segmentBytes ?? 0, inPlace?.indexBytes ?? 0)
        let read = SourceTable.eachRow(
            opened, path: path, displayName: path, diagnostics: &diagnostics, progress: progress, partBytes: partBytes,
            consumer: {
                GroupCollector(header: $0, method: method, asOf: asOf, window: nil, segmentBytes: segmentBytes, indexBytes: indexBytes)
            })
        guard let (table, parts) = read else {
            return PortfolioResult(groups: [], diagnostics: diagnostics, inputs: [], unsorted: false)
        }
        guard table.has(.groupID) else {
            return PortfolioResult(groups: [], diagnostics: diagnostics + [missingGroupIDColumn(table)], inputs: [], unsorted: false)
        }
        guard let groups = GroupCollector.groups(parts) else {
            let counted = FirstPass(version: version, table: table, parts: parts, diagnostics: diagnostics, inPlace: inPlace)
            return unsorted(
                path, method: method, asOf: asOf, progress: progress, readingAgain: readingAgain, budget: passBytes ?? budget,
                partBytes: partBytes, parsed: parsed, counted: counted)
        }
        return PortfolioResult(
            groups: groups, diagnostics: diagnostics + rowsWithoutID(parts.flatMap(\.withoutID), table), inputs: [], unsorted: false)
    }

    /// Where a file of plain UTF-8 text lies, for a later pass to read stretches of it
    /// (`SourceTable.records`), the least bytes of a stretch (`GroupCollector.Segments`), and
    /// the most bytes of a part's record index (`GroupCollector.Index`; 0: none).
    struct InPlace {
        var byteOrderMark: Bool
        var delimiter: CSVDelimiter
        var terminator: UInt8
        var end: Int
        var segmentBytes: Int
        var indexBytes: Int
    }

    /// A first pass over a combined file, as `combined` or `unsorted` read it.
    struct FirstPass {
        var version: [Int]?
        var table: SourceTable
        var parts: [GroupCollector]
        var diagnostics: [Diagnostic]
        var inPlace: InPlace?
    }

    /// The file opened, and where it lies when later passes may read stretches of it: plain UTF-8
    /// text (not converted from UTF-16, not CP932), `segmentBytes` (nil: 1/200 of the file, at
    /// least 1 MiB) above 0; `indexBytes` nil: `indexLimit`. nil, with the reason in
    /// `diagnostics`, when it cannot be read.
    static func open(_ path: String, segmentBytes: Int?, indexBytes: Int?, diagnostics: inout [Diagnostic]) -> (SourceTable.Opened, InPlace?)? {
        guard let opened = SourceTable.open(path: path, displayName: path, diagnostics: &diagnostics) else { return nil }
        let bytes = segmentBytes ?? stretchBytes ?? max(1 << 20, (FileFacts.size(path) ?? 0) / 200)
        guard bytes > 0, case .text(let text) = opened, text.encoding == .utf8, text.validUTF8, SourceTable.isTextInPlace(path) else {
            return (opened, nil)
        }
        return (
            opened,
            InPlace(
                byteOrderMark: text.hadByteOrderMark, delimiter: text.delimiter, terminator: CSVReader.Part(text.body).terminator, end: text.body.count,
                segmentBytes: bytes, indexBytes: indexBytes ?? indexByteLimit ?? indexLimit)
        )
    }

    /// The most bytes of rows (`GroupCollector.Size.bytes`) a pass over an unsorted combined file
    /// holds, unless one group alone is larger: see `unsorted(_:…)`. The peak is about 32 MiB
    /// plus the budget; on the 97 MB benchmark file shuffled (built before IDs were looked up by
    /// their bytes), 16 MiB took 16 passes, 9.34 s and 49,432 KiB, 32 MiB 9 passes, 5.76 s and
    /// 66,144 KiB, 48 MiB 6 passes, 4.08 s and 81,752 KiB, 64 MiB 5 passes, 3.72 s and 98,280 KiB.
    public static let unsortedBudget = 48 << 20

    /// The most bytes of a part's record index (`GroupCollector.Index`): two parts' come to at
    /// most half the budget, which is that much smaller for the rows a later pass holds. At some 4
    /// bytes a record in a shuffled file, a file of up to about 6 million records is indexed
    /// (some 600 MB of the benchmark's rows); a larger one is read by stretches (`Segments`).
    public static let indexLimit = unsortedBudget / 4

    /// A combined file not sorted by group, read in passes. The first pass (`combined`'s read
    /// that found the file unsorted, given as `counted`, or else one of its own) counts each group's
    /// rows and bytes (a first pass of its own over a file under `partBytes`, read in one part, holds them too while its rows
    /// come to half the budget, and done in that pass when they do); the groups a read given judged
    /// over all their rows before it found the file unsorted are kept (`GroupCollector.finished`:
    /// with 200 of the 97 MB benchmark file's rows moved to its end, 196 of 3,000 groups are read
    /// again: the 194 those rows belong to, and each part's first, held apart); then the other
    /// groups, in order of first appearance, are cut into runs of at most `budget` bytes, and each
    /// further pass parses the whole file again holding one run's rows, in arrays made to their counted size, and
    /// judges them. Memory is bounded by the budget (and the largest group) rather than by the
    /// file, at the cost of a parse per pass; holding every decoded row at once took some 3.5
    /// times the file (340,744–344,912 KiB for the 97 MB benchmark file, shuffled), and growing
    /// every group's arrays as rows came took about twice what they held. A large file is read in
    /// two parts at once in every pass, as a sorted one is (`SourceTable.eachRow`): the first pass
    /// puts the parts' numberings and counts together, and the later ones each group's rows.
    ///
    /// In a file of plain UTF-8 text whose rows all come as bytes, the first pass also notes
    /// where each group's records lie, record by record where the group changes
    /// (`GroupCollector.Index`, at most `indexLimit` bytes a part), and a later pass parses only
    /// its run's records (`SourceTable.records`): the file is read about twice in all, however it
    /// is ordered. The index's bytes come out of the budget for rows (down to half of it). Past
    /// its limit, the index is dropped and a later pass parses the stretches of the file
    /// (`GroupCollector.Segments`, some 1/200 of the file or 1 MiB each) that hold its run's
    /// groups: a file out of order only here and there (rows added at the end, a file sorted by
    /// year) is still read again about once in all, but a shuffled one whole each pass.
    ///
    /// Every pass must find the file as it was before the first (the same inode, size and
    /// modification time) and count what the first counted (the same groups, each with the same
    /// rows and bytes in each part, and as many read diagnostics; a pass reading stretches: its
    /// run's groups so, no group the first did not see, and every stretch UTF-8); a file changed
    /// meanwhile is an error, not a result.
    /// - Parameter segmentBytes: the least bytes of a stretch (nil: 1/200 of the file, at least
    ///   1 MiB; 0: every pass reads the whole file, with no index either).
    /// - Parameter indexBytes: the most bytes of a part's record index (nil: `indexLimit`; 0: none).
    /// - Parameter readingAgain: as `read(path:…)` says; called only after a first pass given.
    /// - Parameter beforePass: called with each pass's number (0 first) before it reads: tests
    ///   change the file between passes.
    /// - Parameter parsed: called with the bytes each later pass is to parse (tests).
    static func unsorted(
        _ path: String, method: GroupMethod, asOf: CivilDate, progress: ((Int, Int) -> Void)?, readingAgain: (() -> Void)? = nil,
        budget: Int, partBytes: Int = 1 << 22, segmentBytes: Int? = nil, indexBytes: Int? = nil, beforePass: (Int) -> Void = { _ in },
        parsed: ((Int) -> Void)? = nil,
        counted given: FirstPass? = nil
    ) -> PortfolioResult {
        let version = given?.version ?? FileFacts.version(path)
        /// Progress over pass `pass`: the first pass runs over the first half of the bar, and the
        /// `runs` passes after it over the second (over the whole bar after a first pass given).
        func report(_ pass: Int, of runs: Int) -> ((Int, Int) -> Void)? {
            progress.map { report in
                { done, total in
                    if given != nil { return report((pass - 1) * total + done, runs * total) }
                    pass == 0 ? report(done, 2 * total) : report((runs + pass - 1) * total + done, 2 * runs * total)
                }
            }
        }
        /// Pass `pass`, holding `window`; nil when the file changed.
        func read(_ pass: Int, of runs: Int, _ window: GroupCollector.Window, diagnostics: inout [Diagnostic]) -> (
            table: SourceTable, parts: [GroupCollector]
        )?? {
            beforePass(pass)
            let done = SourceTable.eachRow(
                path: path, displayName: path, diagnostics: &diagnostics, progress: report(pass, of: runs), partBytes: partBytes,
                consumer: { GroupCollector(header: $0, method: method, asOf: asOf, window: window) })
            guard FileFacts.version(path) == version else { return nil }
            guard let (table, parts) = done, !parts.isEmpty else { return .some(nil) }
            return (table, parts)
        }
        var diagnostics: [Diagnostic] = given?.diagnostics ?? []
        let changed = { (pass: Int) in
            PortfolioResult(groups: [], diagnostics: diagnostics + [changedBetweenPasses(path, pass: pass + 1)], inputs: [], unsorted: true)
        }
        let size = FileFacts.size(path) ?? .max
        // The first pass notes where each group lies (`Segments`) in a file of plain UTF-8 text:
        // then each later pass reads only the stretches that hold its groups, whose bytes are the
        // first pass's as long as the file has not changed (checked as every pass is).
        var inPlace = given?.inPlace
        let first: FirstPass
        if let given {
            first = given
        } else {
            beforePass(0)
            guard let (opened, facts) = open(path, segmentBytes: segmentBytes, indexBytes: indexBytes, diagnostics: &diagnostics) else {
                return PortfolioResult(groups: [], diagnostics: diagnostics, inputs: [], unsorted: true)
            }
            inPlace = facts
            let window = GroupCollector.Window(
                holdUpTo: size < partBytes ? budget / 2 : 0, segmentBytes: facts?.segmentBytes ?? 0, indexBytes: facts?.indexBytes ?? 0)
            let read = SourceTable.eachRow(
                opened, path: path, displayName: path, diagnostics: &diagnostics, progress: report(0, of: 0), partBytes: partBytes,
                consumer: { GroupCollector(header: $0, method: method, asOf: asOf, window: window) })
            guard FileFacts.version(path) == version else { return changed(0) }
            guard let (table, parts) = read, !parts.isEmpty else {
                return PortfolioResult(groups: [], diagnostics: diagnostics, inputs: [], unsorted: true)
            }
            first = FirstPass(version: version, table: table, parts: parts, diagnostics: diagnostics, inPlace: facts)
        }
        let firstDiagnostics = diagnostics.count
        let (table, parts) = (first.table, first.parts.map { $0.counted() })
        guard table.has(.groupID) else {
            return PortfolioResult(groups: [], diagnostics: diagnostics + [missingGroupIDColumn(table)], inputs: [], unsorted: true)
        }
        let (order, places, partSizes, cameBack, segments) = GroupCollector.together(parts)
        // Groups the read that found the file unsorted judged over all their rows: not read again.
        var done = GroupCollector.finished(parts, places: places, sizes: partSizes)
        if judgeAgain { done = done.map { _ in nil } }
        let kept = done.map { $0 != nil }
        // Stretches are read only where every row was taken as bytes (none decoded) and placed.
        if partSizes.joined().contains(where: { $0.decoded > 0 }) || segments.contains(where: \.unplaced) { inPlace = nil }
        // Records by the index when each part kept one, whose bytes then come out of the budget.
        let indexes = parts.map { part in part.recordIndex.renumbered(part.order.map { places[$0]! }) }
        let indexed = inPlace != nil && indexes.allSatisfy(\.usable)
        let rowBudget = indexed ? max(budget / 2, budget - indexes.reduce(0) { $0 + $1.bytes.count }) : budget
        var passes = given == nil ? 1 : 0
        if parts.count == 1, let only = parts.first, (only.window?.holdUpTo ?? 0) > 0, only.held.count == only.order.count {
            done = only.judgeHeld().map(Optional.some)
        } else {
            let sizes = order.indices.map { place in
                partSizes.reduce(0) { $0 + $1[place].bytes }
            }
            // Runs of groups not kept, of at most `rowBudget` bytes, each at least one group (and
            // from the first such group to the last, kept ones between them left out).
            var runs: [Swift.Range<Int>] = []
            var (start, last, bytes): (Int?, Int, Int) = (nil, 0, 0)
            for (place, size) in sizes.enumerated() where !kept[place] {
                if let first = start, bytes + size > rowBudget {
                    runs.append(first..<last + 1)
                    (start, bytes) = (nil, 0)
                }
                if start == nil { start = place }
                (last, bytes) = (place, bytes + size)
            }
            if let first = start { runs.append(first..<last + 1) }
            passes += runs.count
            // The read that found the file unsorted filled the bar: the passes fill it again.
            if given != nil { readingAgain?() }
            let secondLine = parts.count == 2 ? parts[1].firstLine : nil
            for (index, run) in runs.enumerated() {
                let window = GroupCollector.Window(
                    run: run, places: places, reserve: partSizes.map { Array($0[run]) }, secondLine: secondLine, kept: kept)
                // Taken out of what was read, so that the held rows have no other owner (see `judgeRun`).
                var again: [GroupCollector] = []
                if let inPlace {
                    beforePass(index + 1)
                    let ranges = segments.indices.map { part in
                        let next = part + 1 < segments.count
                        if indexed {
                            return GroupCollector.PassParts.indexed(
                                indexes[part].ranges(
                                    run, kept: kept, end: next ? indexes[part + 1].firstStart ?? inPlace.end : inPlace.end,
                                    terminator: inPlace.terminator))
                        }
                        return .stretches(
                            segments[part].ranges(
                                run.lazy.filter { !kept[$0] }, end: next ? segments[part + 1].starts.first?.byte ?? inPlace.end : inPlace.end,
                                terminator: inPlace.terminator))
                    }
                    parsed?(ranges.joined().reduce(0) { $0 + $1.range.count })
                    let read = SourceTable.records(
                        path: path, byteOrderMark: inPlace.byteOrderMark, delimiter: inPlace.delimiter, ranges: ranges,
                        consumers: parts.map { GroupCollector(header: $0.header, method: method, asOf: asOf, window: window) },
                        progress: report(index + 1, of: runs.count))
                    // A stretch holds every record of its groups: theirs are counted as the first pass counted them.
                    if let read, FileFacts.version(path) == version,
                        zip(read, partSizes).allSatisfy({ read, first in
                            read.unknownGroups == 0 && run.allSatisfy { kept[$0] || read.sizes[$0] == first[$0] }
                        })
                    {
                        again = read
                    }
                    guard !again.isEmpty else { return changed(index + 1) }
                } else {
                    parsed?(size)
                    var seen: [Diagnostic] = []
                    if case .some(.some(let done)) = read(index + 1, of: runs.count, window, diagnostics: &seen) { again = done.parts }
                    guard !again.isEmpty, again.map(\.sizes) == partSizes, again.allSatisfy({ $0.unknownGroups == 0 }),
                        seen.count == firstDiagnostics
                    else { return changed(index + 1) }
                }
                for (place, group) in zip(run.filter { !kept[$0] }, GroupCollector.judgeRun(&again, run, order: order, kept: kept)) {
                    done[place] = group
                }
                Heap.giveBackFreed()
            }
        }
        let groups = done.compactMap { $0 }
        if let (line, id) = cameBack {
            diagnostics.append(
                Diagnostic(
                    code: .portfolioUnsorted, location: table.at(line: line, column: (table.columns[.groupID]?.index ?? 0) + 1),
                    columnName: table.columns[.groupID]?.raw, rawValue: id,
                    message: LocalizedText(
                        ja: "グループ「\(id)」の行が他のグループの行のあとに再び現れます（グループID順に並んでいません）。ファイルをもう\(passes)回読み、数グループずつ判定しました",
                        en:
                            "group \"\(id)\" comes back after other groups' rows (the file is not sorted by group ID): the file was read \(passes) more time\(passes == 1 ? "" : "s"), a few groups at a time"
                    ),
                    hint: LocalizedText(
                        ja: "グループID列で並べ替えて保存すると、1回で速く読みます",
                        en: "sort the file by the group ID column to have it read once, faster")))
        }
        diagnostics += rowsWithoutID(parts.flatMap(\.withoutID), table)
        return PortfolioResult(groups: groups, diagnostics: diagnostics, inputs: [], unsorted: true)
    }

    /// The group ID column is missing from a combined file.
    static func missingGroupIDColumn(_ table: SourceTable) -> Diagnostic {
        Diagnostic(
            code: .missingColumn, location: table.at(line: table.headerLine),
            message: LocalizedText(ja: "必須の列「グループID」（group_id）がありません", en: "the required column group_id (グループID) is missing"),
            hint: LocalizedText(
                ja: "1つの CSV に複数のグループをまとめるときは、各行にグループIDを入れてください。1グループだけなら groupprod report を使ってください",
                en: "a combined file needs a group_id on every row; for a single group use groupprod report"))
    }

    /// Rows of a combined file without a group ID, at these lines (none: nothing to say).
    static func rowsWithoutID(_ lines: [Int], _ table: SourceTable) -> [Diagnostic] {
        guard let line = lines.first else { return [] }
        return [
            Diagnostic(
                code: .missingGroupId, location: table.at(line: line, column: (table.columns[.groupID]?.index ?? 0) + 1),
                columnName: table.columns[.groupID]?.raw, rawValue: "",
                message: LocalizedText(
                    ja: "グループIDが空の行があります（\(LineRanges.text(lines, language: .ja))行目）。どのグループにも入れていません",
                    en: "rows without a group ID (line \(LineRanges.text(lines, language: .en))) belong to no group and were not used"),
                hint: LocalizedText(ja: "各行にグループIDを入れてください", en: "fill in the group ID on every row"))
        ]
    }

    /// The file read in passes changed while it was read: no group is judged (those of the
    /// passes before are dropped too) rather than some judged from one file and some from another.
    static func changedBetweenPasses(_ path: String, pass: Int) -> Diagnostic {
        Diagnostic(
            code: .fileUnreadable, location: SourceLocation(file: path, line: 0),
            message: LocalizedText(
                ja: "ファイルが読んでいる間に変わりました（グループID順でないため何回かに分けて読み、\(pass)回目で変わっていました）。どのグループも判定していません",
                en:
                    "the file changed while it was being read (not sorted by group ID, it is read in passes; it had changed by pass \(pass)): no group was judged"
            ),
            hint: LocalizedText(
                ja: "保存が終わってからもう一度実行してください。グループID列で並べ替えておくと1回で読みます",
                en: "run again once the file is saved; sorted by the group ID column it is read in one pass"))
    }

    /// Whether a plain group may take `LeanJudge` and `LeanLoad`. `GROUPPROD_FULL_PATHS=1` in the
    /// environment sends every group through the full passes and report, so that the fuzzer
    /// (scripts/fuzz.sh) can compare both paths' output on the same mutated file.
    static let leanPaths = ProcessInfo.processInfo.environment["GROUPPROD_FULL_PATHS"] == nil

    /// `GROUPPROD_STRETCH_BYTES=N` in the environment sets the least bytes of a stretch of an
    /// unsorted file (`GroupCollector.Segments`; 0: every pass reads the whole file), and
    /// `GROUPPROD_PASS_BYTES=N` the budget of a pass over it (`unsortedBudget`), so that the fuzzer
    /// can compare many passes in small stretches with whole passes on the same mutated file.
    static let stretchBytes = ProcessInfo.processInfo.environment["GROUPPROD_STRETCH_BYTES"].flatMap { Int($0) }
    static let passBytes = ProcessInfo.processInfo.environment["GROUPPROD_PASS_BYTES"].flatMap { Int($0) }
    /// `GROUPPROD_INDEX_BYTES=N` sets `indexLimit` (0: no record index, stretches only), so that
    /// the fuzzer can compare the index, an index dropped part way, and stretches.
    static let indexByteLimit = ProcessInfo.processInfo.environment["GROUPPROD_INDEX_BYTES"].flatMap { Int($0) }
    /// `GROUPPROD_JUDGE_AGAIN=1` has the passes over a file found unsorted judge every group, none
    /// kept from the read that found it (`GroupCollector.finished`), and `GROUPPROD_PART_BYTES=N`
    /// sets `read`'s `partBytes` (0: a file is read in two parts however small), so that the
    /// fuzzer can compare keeping with judging again, in one part and in two.
    static let judgeAgain = ProcessInfo.processInfo.environment["GROUPPROD_JUDGE_AGAIN"] != nil
    static let partByteLimit = ProcessInfo.processInfo.environment["GROUPPROD_PART_BYTES"].flatMap { Int($0) }

    /// One group of the combined file: its rows under the file's header, judged from their bytes
    /// when plainly written with nothing to report but the row (`LeanJudge`), else loaded as a
    /// single-file group and reported.
    static func group(_ id: String, rows: GroupRows, header: SourceTable, method: GroupMethod, asOf: CivilDate) -> PortfolioGroup {
        let source = header.at(line: rows.firstLine)
        if leanPaths, rows.decoded.isEmpty,
            let row = LeanJudge.row(id, rows: rows.raw, header: header, source: source, method: method, asOf: asOf)
        {
            return PortfolioGroup(row: row, diagnostics: [])
        }
        let loaded = load(id, rows: rows, header: header)
        let row = PortfolioRow(id: id, source: source, loaded: loaded, method: method, asOf: asOf)
        return PortfolioGroup(row: row, diagnostics: loaded.diagnostics)
    }

    /// Rows kept as bytes are read in place when every cell is plain (`LeanLoad`), and decoded
    /// for the full passes otherwise.
    static func load(_ id: String, rows: GroupRows, header: SourceTable) -> LoadResult {
        if leanPaths, rows.decoded.isEmpty, let loaded = LeanLoad.load(rows.raw, header: header, name: id) { return loaded }
        return load(id, rows: rows.all(), header: header)
    }

    /// The full passes over decoded rows, with the project name and edition the rows agree on.
    static func load(_ id: String, rows: [SourceTable.Row], header: SourceTable) -> LoadResult {
        var table = header
        table.rows = rows
        var diagnostics: [Diagnostic] = []
        let edition = table.agreedText(.edition, diagnostics: &diagnostics).flatMap { found in
            GroupSettings.edition(
                found.text, at: table.location(.edition, in: found.row), columnName: table.columns[.edition]?.raw,
                diagnostics: &diagnostics)
        }
        let settings = GroupSettings(projectName: table.agreedText(.projectName, diagnostics: &diagnostics)?.text, edition: edition)
        return GroupLoader.load(table: table, name: id, settings: settings, diagnostics: diagnostics)
    }
}

extension SourceTable {
    /// The one value a group-wide column holds across the group's rows (empty cells allowed) and
    /// the first row holding it; two different values are an error at the first row that differs.
    func agreedText(_ column: Column, diagnostics: inout [Diagnostic]) -> (text: String, row: Row)? {
        guard let header = columns[column] else { return nil }
        var value: (text: String, row: Row)?
        for row in rows where header.index < row.cells.count {
            guard let text = row.cells[header.index].text else { continue }
            guard let (seen, _) = value else {
                value = (text, row)
                continue
            }
            if text != seen {
                diagnostics.append(
                    Diagnostic(
                        code: .conflictingGroupDetails, location: location(column, in: row), columnName: header.raw,
                        rawValue: text,
                        message: LocalizedText(
                            ja: "同じグループの\(column.japaneseName)が「\(seen)」と「\(text)」で異なります",
                            en: "the group's \(column.rawValue) is both \"\(seen)\" and \"\(text)\""),
                        hint: LocalizedText(ja: "同じグループの行はすべて同じ値にしてください", en: "make every row of the group agree")))
                return value
            }
        }
        return value
    }
}

/// Sorts the rows of a combined file (or of one part of it) into groups. In a file sorted by group
/// each group is judged on the pool as soon as the next group starts, except the part's first
/// and last groups: a part boundary may cut either, so `groups` puts the parts together first.
/// A pass over an unsorted file (`window`) counts every group's rows and holds only some groups'
/// (the first pass's while they are few, a later pass's run), judged at the end of the pass
/// (`judgeHeld`, `judgeRun`). A sorted read counts too, each group as it ends, and becomes a
/// first pass (takes a window) when a group comes back: its counts are then a first pass's
/// (`counted`), and the file is not read again to count.
struct GroupCollector: SourceTable.RowConsumer {
    let header: SourceTable
    let method: GroupMethod
    let asOf: CivilDate
    /// What a pass over an unsorted file holds (nil for a sorted read). The first pass (`run`
    /// nil) numbers the groups in order of first appearance in its part of the file, and holds
    /// every group while their rows come to at most `holdUpTo` bytes, none once they pass it. A
    /// later pass takes the first pass's numbering (`places`) and holds the groups of `run`, each
    /// in arrays made to its counted size in the part of the file being read (`reserve`: one list
    /// a part, from `run`'s first group; the second part's starts at `secondLine`).
    /// The first pass also notes where each group's records lie (`segmentBytes` above 0): see
    /// `Segments`, and `Index` (at most `indexBytes`).
    struct Window: Sendable {
        var run: Swift.Range<Int>?
        var holdUpTo = 0
        var segmentBytes = 0
        var indexBytes = 0
        var places: [String: Int]?
        var reserve: [[Size]] = []
        var secondLine: Int?
        /// By place: groups judged already (`finished`), which a later pass neither holds nor reads.
        var kept: [Bool] = []

        /// Whether a later pass holds the group at `place`.
        func holds(_ place: Int) -> Bool {
            guard let run, run.contains(place) else { return false }
            return place >= kept.count || !kept[place]
        }
    }
    /// Where a part's records lie, noted by the first pass over an unsorted file so that a later
    /// pass parses only the stretches of the file that hold its run's groups. A segment starts
    /// at a record that starts at least `Window.segmentBytes` after the last segment's start, at
    /// a line where the parse was between records (`CSVRecordView.startByte`), so a parser
    /// started there reads the same records; a group's bits say which segments hold its records
    /// (`words` words a group: at most 64 × `words` segments a part, the last one then running to
    /// the part's end).
    struct Segments: Sendable {
        static let words = 4
        var starts: [(byte: Int, line: Int)] = []
        var bits: [UInt64] = []
        var next = 0
        /// A record before the first segment could start (never, as a part starts on a line start).
        var unplaced = false

        mutating func note(_ record: CSVRecordView, place: Int, segmentBytes: Int) {
            if record.startByte >= next && starts.count < 64 * Segments.words {
                starts.append((record.startByte, record.line))
                next = record.startByte + segmentBytes
            }
            guard let segment = starts.indices.last else {
                unplaced = true
                return
            }
            if bits.count < (place + 1) * Segments.words { bits += repeatElement(0, count: (place + 1) * Segments.words - bits.count) }
            bits[place * Segments.words + segment >> 6] |= 1 << UInt64(segment & 63)
        }

        /// The stretches holding any group of `places`, as parts to parse; `end` is where the last
        /// segment ends (the next part's first segment, or the end of the file).
        func ranges(_ places: some Sequence<Int>, end: Int, terminator: UInt8) -> [CSVReader.Part] {
            var wanted = [UInt64](repeating: 0, count: Segments.words)
            for place in places where (place + 1) * Segments.words <= bits.count {
                for word in 0..<Segments.words { wanted[word] |= bits[place * Segments.words + word] }
            }
            var parts: [CSVReader.Part] = []
            for (segment, start) in starts.enumerated() where wanted[segment >> 6] & (1 << UInt64(segment & 63)) != 0 {
                let upper = segment + 1 < starts.count ? starts[segment + 1].byte : end
                if let last = parts.last, last.range.upperBound == start.byte {
                    parts[parts.count - 1].range = last.range.lowerBound..<upper
                } else {
                    parts.append(CSVReader.Part(range: start.byte..<upper, firstLine: start.line, terminator: terminator))
                }
            }
            return parts
        }

        /// These segments with each group's bits moved to its place in the file's numbering.
        func renumbered(_ global: [Int], count: Int) -> Segments {
            var out = Segments(starts: starts, bits: Array(repeating: 0, count: count * Segments.words), next: next, unplaced: unplaced)
            for (local, place) in global.enumerated() where (local + 1) * Segments.words <= bits.count {
                for word in 0..<Segments.words { out.bits[place * Segments.words + word] = bits[local * Segments.words + word] }
            }
            return out
        }
    }
    /// Where a part's records lie, record by record where the group changes: an entry for a record
    /// whose group is not the record before's (each record in a shuffled file, a group's first in
    /// a sorted one), so that a later pass parses its run's records only, wherever they are. An
    /// entry starts at a record that starts a line between records (`CSVRecordView.startByte`)
    /// and runs to the next such entry, taking in the records between (of its group, of none);
    /// a record of another group that starts inside a line (after a lone CR) joins the entry
    /// before as one more group of it. Entries are written as variable-length numbers: the place
    /// times two (plus one for a joined group), then, for an entry of its own, its bytes and lines
    /// after the entry before's; some 4 bytes a record in the shuffled benchmark file. Past
    /// `limit` bytes the index is dropped, and the later passes read `Segments`.
    struct Index: Sendable {
        var bytes: [UInt8] = []
        var limit = 0
        var dropped = false
        /// A record of another group came before any entry could start (never, as a part starts on a line start).
        var unplaced = false
        /// Where the first entry starts.
        var firstStart: Int?
        private var lastPlace = -1
        private var lastStart = 0
        private var lastLine = 0
        /// The last record noted that starts a line (in the entry since `lastStart`, or it).
        private var cleanStart = 0
        private var cleanLine = 0
        /// Each place's place in the file's numbering (`renumbered`).
        private var global: [Int] = []

        init(limit: Int = 0) {
            self.limit = limit
            dropped = limit <= 0
        }

        var usable: Bool { !dropped && !unplaced }

        mutating func note(_ record: CSVRecordView, place: Int) {
            guard !dropped else { return }
            guard place != lastPlace else {
                if record.startByte >= 0 { (cleanStart, cleanLine) = (record.startByte, record.line) }
                return
            }
            if record.startByte >= 0 {
                entry(place, start: record.startByte, line: record.line)
                lastPlace = place
            } else {
                if firstStart == nil { unplaced = true }
                // The entry is cut at the last record noted that starts a line, so that only
                // that line is read by both groups' passes, not the whole entry.
                if lastPlace >= 0 && cleanStart > lastStart { entry(lastPlace, start: cleanStart, line: cleanLine) }
                put(UInt(place) << 1 | 1)
                // The group's next records start an entry of their own: the joined entry ends at
                // the next record that can start one.
                lastPlace = -1
            }
            if bytes.count > limit { (bytes, dropped) = ([], true) }
        }

        private mutating func entry(_ place: Int, start: Int, line: Int) {
            put(UInt(place) << 1)
            put(UInt(start - lastStart))
            put(UInt(line - lastLine))
            (lastStart, lastLine, cleanStart, cleanLine) = (start, line, start, line)
            if firstStart == nil { firstStart = start }
        }

        /// Seven bits a byte, low first, the high bit set on every byte but the last.
        private mutating func put(_ value: UInt) {
            var value = value
            while value >= 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
                value >>= 7
            }
            bytes.append(UInt8(value))
        }

        /// This index with each place's place in the file's numbering.
        func renumbered(_ global: [Int]) -> Index {
            var out = self
            out.global = global
            return out
        }

        /// The entries holding any group of `run` (in the file's numbering), as parts to parse,
        /// adjoining ones as one, decoded as they are read (a list of them took some 5 MB a pass
        /// over the shuffled benchmark file); `end` is where the last entry ends (the next part's
        /// first entry, or the end of the file).
        func ranges(_ run: Swift.Range<Int>, kept: [Bool] = [], end: Int, terminator: UInt8) -> Ranges {
            Ranges(index: self, run: run, kept: kept, end: end, terminator: terminator)
        }

        struct Ranges: Sequence, Sendable {
            let index: Index
            let run: Swift.Range<Int>
            /// By place: groups of `run` judged already, whose records are not wanted.
            let kept: [Bool]
            let end: Int
            let terminator: UInt8

            func makeIterator() -> Iterator { Iterator(ranges: self) }

            struct Iterator: IteratorProtocol {
                let (bytes, global, run, kept, end, terminator): ([UInt8], [Int], Swift.Range<Int>, [Bool], Int, UInt8)
                var (at, start, line) = (0, 0, 0)
                /// The entry being read, and whether it holds a group of the run.
                var entry: (start: Int, line: Int, wanted: Bool)?
                /// Wanted entries read and adjoining one another, not yet given.
                var pending: CSVReader.Part?
                var finished = false

                init(ranges: Ranges) {
                    (bytes, global, run, kept, end, terminator) = (
                        ranges.index.bytes, ranges.index.global, ranges.run, ranges.kept, ranges.end, ranges.terminator
                    )
                }

                mutating func next() -> CSVReader.Part? {
                    while !finished {
                        var closed: Swift.Range<Int>?
                        var closedLine = 0
                        if at < bytes.count {
                            let tag = take()
                            let place = tag >> 1
                            let wanted =
                                place < global.count && run.contains(global[place]) && (global[place] >= kept.count || !kept[global[place]])
                            if tag & 1 == 0 {
                                start += take()
                                line += take()
                                if let entry, entry.wanted { (closed, closedLine) = (entry.start..<start, entry.line) }
                                entry = (start, line, wanted)
                            } else if wanted {
                                entry?.wanted = true
                            }
                        } else {
                            finished = true
                            if let entry, entry.wanted { (closed, closedLine) = (entry.start..<end, entry.line) }
                        }
                        guard let closed else { continue }
                        if let held = pending, held.range.upperBound == closed.lowerBound {
                            pending?.range = held.range.lowerBound..<closed.upperBound
                            continue
                        }
                        let given = pending
                        pending = CSVReader.Part(range: closed, firstLine: closedLine, terminator: terminator)
                        if let given { return given }
                    }
                    defer { pending = nil }
                    return pending
                }

                /// A variable-length number (see `Index.put`).
                private mutating func take() -> Int {
                    var (value, shift) = (UInt(0), UInt(0))
                    while true {
                        let byte = bytes[at]
                        at += 1
                        value |= UInt(byte & 0x7F) << shift
                        if byte < 0x80 { return Int(value) }
                        shift += 7
                    }
                }
            }
        }
    }

    /// The parts of the file a later pass parses: stretches (`Segments`), or an index's entries (`Index`).
    enum PassParts: Sequence, Sendable {
        case stretches([CSVReader.Part])
        case indexed(Index.Ranges)

        func makeIterator() -> Iterator {
            switch self {
            case .stretches(let parts): return Iterator(stretches: parts.makeIterator())
            case .indexed(let ranges): return Iterator(indexed: ranges.makeIterator())
            }
        }

        /// One of the two iterators, advanced in place (an enum's payload was copied out and back for each part).
        struct Iterator: IteratorProtocol {
            var stretches: IndexingIterator<[CSVReader.Part]>?
            var indexed: Index.Ranges.Iterator?

            mutating func next() -> CSVReader.Part? {
                indexed != nil ? indexed!.next() : stretches?.next()
            }
        }
    }
    /// One group's rows as a pass counts them: all its records, the cells and bytes of those
    /// offered as bytes (`RawRows`), those offered decoded and their estimated bytes.
    struct Size: Equatable, Sendable {
        var records = 0
        var cells = 0
        var storage = 0
        var decoded = 0
        var decodedBytes = 0
        /// Rows already held, counted as a pass counts them row by row.
        init(_ rows: GroupRows) {
            records = rows.raw.recordCount + rows.decoded.count
            cells = rows.raw.cellCount
            storage = rows.raw.byteCount
            decoded = rows.decoded.count
            decodedBytes = rows.decoded.reduce(0) { $0 + Size.bytes(of: $1) }
        }
        init() {}

        /// The bytes a decoded row is taken to hold: the row, its cells, and each cell's text
        /// beyond what a String holds in itself (15 bytes).
        static func bytes(of row: SourceTable.Row) -> Int {
            row.cells.reduce(32) { $0 + MemoryLayout<SourceTable.Cell>.stride + ($1.text.map { $0.utf8.count > 15 ? $0.utf8.count + 32 : 0 } ?? 0) }
        }

        /// The bytes they take held: `RawRows`' bytes, spans and records, and the decoded rows.
        var bytes: Int {
            storage + cells * MemoryLayout<RawRows.Span>.stride + (records - decoded) * MemoryLayout<RawRows.Record>.stride
                + decoded * MemoryLayout<SourceTable.Row>.stride + decodedBytes
        }
    }
    /// A sorted read's collector takes a window of its own (a first pass's) once a group comes back.
    var window: Window?
    /// A sorted read: the least bytes of a stretch to note (`Segments`; 0: none), and the most
    /// bytes of the record index (`Index`; 0: none).
    let segmentBytes: Int
    let indexBytes: Int
    /// The group ID column's place, read from the header once (each read copied its column map).
    let groupIDIndex: Int?
    let pool = GroupPool()
    /// Group IDs in the order they first appear.
    var order: [String] = []
    var pending: [String: GroupRows] = [:]
    /// Groups whose rows have ended (the next group began).
    var closed: Set<String> = []
    var first: String?
    var current: String?
    /// A closed group came back: the file is not sorted by group.
    var unsorted = false
    /// A sorted read: each group judged as it ended (sent to `pool`, in that order), by its place
    /// in `order` and its rows counted then. A group none of whose rows come after (in this part
    /// or another) was judged over all its rows: a file found unsorted keeps it (`unsorted`).
    var judged: [(place: Int, size: Size)] = []
    /// Reading in passes: the first row (line, group ID) of a group that came back after
    /// another group's rows, for the warning that says why the file was read in passes.
    var cameBack: (line: Int, id: String)?
    /// Reading in passes: each group's place in `order` (first pass), the place of the last row's
    /// group, and each group's rows counted.
    var places: [String: Int] = [:]
    var currentPlace = -1
    var sizes: [Size] = []
    /// Reading in passes: the line of the first row taken (which part of the file this is), the
    /// line where each group first appears (first pass), and rows whose group the first pass did
    /// not see (a later pass: the file changed).
    var firstLine: Int?
    var firstSeen: [Int] = []
    var unknownGroups = 0
    /// Reading in passes: each group ID cell's bytes seen so far, and the place of the group it
    /// names (-1: none, a blank cell or a group the first pass did not see), so that a record's ID
    /// is decoded and looked up as a string only the first time its bytes are seen (in a shuffled
    /// file the ID changes every record).
    var idBytes = MemberIndex()
    var bytePlaces: [Int] = []
    /// The place in `idBytes` of the last record's ID, tried first: a group's records together
    /// (a file by year) were each hashed and looked up.
    var lastFiled = -1
    /// Reading in passes: the rows held (a later pass: its run's groups, the run's first first),
    /// their bytes in the first pass, and whether the first pass stopped holding.
    var held: [GroupRows] = []
    var heldBytes = 0
    var dropped = false
    var withoutID: [Int] = []
    /// Reading in passes, the first pass: where this part's groups lie.
    var segments = Segments()
    var recordIndex: Index
    /// The rows of `current` as they come, kept out of `pending` (a dictionary lookup a row) until
    /// its group ends.
    var open = GroupRows()
    /// The group ID cell's bytes in the last record taken as bytes, and its text.
    var lastIDBytes: [UInt8] = []
    var lastID: String?
    /// The last record taken as bytes went to `current` under `lastID`, and nothing has changed
    /// the group since: a record with the same ID bytes goes to `open` straight away, without
    /// comparing IDs as strings (most records of a sorted file).
    var lastIsCurrent = false

    init(header: SourceTable, method: GroupMethod, asOf: CivilDate, window: Window?, segmentBytes: Int = 0, indexBytes: Int = 0) {
        self.header = header
        self.method = method
        self.asOf = asOf
        self.window = window
        self.segmentBytes = window?.segmentBytes ?? segmentBytes
        self.indexBytes = window?.indexBytes ?? indexBytes
        recordIndex = Index(limit: window?.run == nil && self.segmentBytes > 0 ? self.indexBytes : 0)
        groupIDIndex = header.columns[.groupID]?.index
        if let places = window?.places, let run = window?.run {
            sizes = Array(repeating: Size(), count: places.count)
            held = Array(repeating: GroupRows(), count: run.count)
        }
    }

    mutating func take(_ row: SourceTable.Row) {
        guard let index = groupIDIndex else { return }
        lastIsCurrent = false
        let id = index < row.cells.count ? row.cells[index].text : nil
        if let window {
            let bytes = Size.bytes(of: row)
            hold(id.flatMap { place(of: $0) }, line: row.line, undecodable: row.undecodable, window) {
                $0.records += 1
                $0.decoded += 1
                $0.decodedBytes += bytes
            } add: {
                $0.decoded.append(row)
            }
            return
        }
        // An undecodable ID cell is reported where it is; an empty one in `enter`.
        guard enter(id, line: row.line, undecodable: row.undecodable) != nil else {
            if window != nil { take(row) }
            return
        }
        open.decoded.append(row)
    }

    /// A record of a valid UTF-8 file (or a CP932 one, converted), kept as bytes: its group ID is
    /// decoded only when its bytes differ from the record before's.
    var takesRecords: Bool { true }

    mutating func take(record: CSVRecordView) -> Bool {
        guard let index = groupIDIndex else { return true }
        if let window {
            var place: Int?
            if index < record.count, let bytes = record.bytes(index) {
                if let known = lastFiled >= 0 && idBytes.holds(lastFiled, bytes) ? lastFiled : idBytes.place(of: bytes) {
                    place = bytePlaces[known] >= 0 ? bytePlaces[known] : nil
                    lastFiled = known
                } else {
                    place = SourceTable.cell(bytes, encoding: .utf8, knownValid: true)?.text.flatMap { self.place(of: $0) }
                    if idBytes.fileNext(bytes) == .filed {
                        bytePlaces.append(place ?? -1)
                        lastFiled = idBytes.count - 1
                    }
                }
            }
            hold(place, line: record.line, undecodable: false, window) {
                $0.records += 1
                $0.cells += record.count
                $0.storage += record.storage.count
            } add: {
                $0.raw.append(record)
            }
            if let place, window.run == nil, window.segmentBytes > 0 {
                segments.note(record, place: place, segmentBytes: window.segmentBytes)
                recordIndex.note(record, place: place)
            }
            return true
        }
        var id: String?
        if index < record.count, let bytes = record.bytes(index) {
            let same =
                bytes.count == lastIDBytes.count
                && (bytes.isEmpty || lastIDBytes.withUnsafeBytes { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 })
            if same && lastIsCurrent {
                open.raw.append(record)
                return true
            }
            if !same {
                lastIDBytes = Array(bytes)
                lastID = SourceTable.cell(bytes, encoding: .utf8, knownValid: true)?.text
            }
            id = lastID
        }
        lastIsCurrent = false
        guard enter(id, line: record.line, undecodable: false) != nil else {
            // A group came back: counted from here on as a first pass counts.
            if window != nil { return take(record: record) }
            return true
        }
        lastIsCurrent = true
        // Stretches start where groups start: a group's rows, together, lie in the stretch where it starts.
        if segmentBytes > 0 {
            segments.note(record, place: currentPlace, segmentBytes: segmentBytes)
            recordIndex.note(record, place: currentPlace)
        }
        open.raw.append(record)
        return true
    }

    /// Reading in passes: group `id`'s place in order of first appearance, filed when new (the
    /// first pass), or as the first pass filed it (nil, counted, when it did not).
    private mutating func place(of id: String) -> Int? {
        if let given = window?.places {
            guard let place = given[id] else {
                unknownGroups += 1
                return nil
            }
            return place
        }
        if let known = places[id] { return known }
        places[id] = order.count
        order.append(id)
        return order.count - 1
    }

    /// Reading in passes: a row of the group at `place` (nil: no group ID, listed), counted by
    /// `count`, and added by `add` when its group is held.
    private mutating func hold(
        _ place: Int?, line: Int, undecodable: Bool, _ window: Window, count: (inout Size) -> Void, add: (inout GroupRows) -> Void
    ) {
        if firstLine == nil { firstLine = line }
        guard let place else {
            if !undecodable { withoutID.append(line) }
            return
        }
        if place != currentPlace {
            if window.places == nil {
                if place == sizes.count {
                    sizes.append(Size())
                    firstSeen.append(line)
                } else if cameBack == nil {
                    cameBack = (line, order[place])
                }
            }
            currentPlace = place
        }
        if let run = window.run {
            count(&sizes[place])
            guard window.holds(place) else { return }
            let slot = place - run.lowerBound
            if held[slot].isEmpty {
                let part = window.secondLine.map { (firstLine ?? 0) >= $0 ? 1 : 0 } ?? 0
                if part < window.reserve.count { held[slot] = GroupRows(reserving: window.reserve[part][slot]) }
            }
            add(&held[slot])
        } else {
            let before = sizes[place].bytes
            count(&sizes[place])
            guard !dropped else { return }
            if place == held.count { held.append(GroupRows()) }
            add(&held[place])
            heldBytes += sizes[place].bytes - before
            if heldBytes > window.holdUpTo { (held, dropped) = ([], true) }
        }
    }

    /// Reading in passes: the first pass's parts put together. The groups in order of first
    /// appearance in the file and their places; each part's counts by those places; and the first
    /// row of a group that comes back after another group's rows, as one pass would find it: in
    /// the first part if it has one, else the earliest in the second, counting a group of the first
    /// part that appears again in the second (unless it goes on from the first part's last row).
    static func together(_ parts: [GroupCollector]) -> (
        order: [String], places: [String: Int], sizes: [[Size]], cameBack: (line: Int, id: String)?, segments: [Segments]
    ) {
        guard let first = parts.first else { return ([], [:], [], nil, []) }
        var (order, places) = (first.order, first.places)
        for part in parts.dropFirst() {
            for id in part.order where places[id] == nil {
                places[id] = order.count
                order.append(id)
            }
        }
        let sizes = parts.map { part in
            var sizes = Array(repeating: Size(), count: order.count)
            for (local, size) in part.sizes.enumerated() { sizes[places[part.order[local]]!] = size }
            return sizes
        }
        var cameBack = first.cameBack
        if cameBack == nil, parts.count == 2 {
            let second = parts[1]
            let last = first.currentPlace >= 0 ? first.order[first.currentPlace] : nil
            var found = second.cameBack
            for (local, id) in second.order.enumerated() where first.places[id] != nil && !(local == 0 && id == last) {
                if second.firstSeen[local] < found?.line ?? .max { found = (second.firstSeen[local], id) }
            }
            cameBack = found
        }
        let segments = parts.map { part in part.segments.renumbered(part.order.map { places[$0]! }, count: order.count) }
        return (order, places, sizes, cameBack, segments)
    }

    /// Reading in passes: the groups a sorted read judged before it found the file unsorted (left
    /// in its parts' pools by `groups`), by place, where judged over all their rows: the part
    /// that judged one counted none of its rows after (its count then is its count now), and no
    /// other part counted any. A file with a few rows added at the end, out of order, is then read
    /// again only for the groups they belong to. The others (a group that comes back, or the
    /// file's groups found unsorted in a pass of its own) are nil, judged in the passes.
    static func finished(_ parts: [GroupCollector], places: [String: Int], sizes: [[Size]]) -> [PortfolioGroup?] {
        var done = [PortfolioGroup?](repeating: nil, count: places.count)
        for (index, part) in parts.enumerated() {
            let judged = part.pool.finish()
            // As many as were sent, named as noted (the pool gives them in the order sent).
            guard judged.count == part.judged.count else { continue }
            for (group, (local, size)) in zip(judged, part.judged) {
                guard local < part.order.count, part.order[local] == group.row.id, let place = places[group.row.id] else { continue }
                if sizes.indices.allSatisfy({ sizes[$0][place] == ($0 == index ? size : Size()) }) { done[place] = group }
            }
        }
        return done
    }

    /// Reading in passes: the groups the first pass held, judged in order of first appearance.
    func judgeHeld() -> [PortfolioGroup] {
        for (slot, rows) in held.enumerated() { judge(order[slot], rows) }
        return pool.finish()
    }

    /// Reading in passes: the groups of `run` held by the parts of a later pass, each group's
    /// rows put together in file order, judged in order of first appearance (named by `order`).
    /// Each group's rows are moved out of the parts, not copied: appending to rows that had
    /// another owner copied them first, even to add nothing, for every group while the run was
    /// held (massif's heap peak on the 97 MB benchmark file with 200 rows moved to its end: 51.60
    /// MB before, 50.73 MB after this and `Heap.giveBackFreed`).
    static func judgeRun(_ parts: inout [GroupCollector], _ run: Swift.Range<Int>, order: [String], kept: [Bool]) -> [PortfolioGroup] {
        guard let first = parts.first else { return [] }
        for (slot, place) in run.enumerated() where !kept[place] {
            var rows = GroupRows()
            swap(&rows, &parts[0].held[slot])
            for index in parts.indices.dropFirst() where !parts[index].held[slot].isEmpty {
                var later = GroupRows()
                swap(&later, &parts[index].held[slot])
                rows.append(later)
            }
            first.judge(order[place], rows)
        }
        return first.pool.finish()
    }

    /// Files a row under its group ID, judging the group before when a new one begins; nil when
    /// the row has no ID (listed) or the file turned out unsorted.
    private mutating func enter(_ id: String?, line: Int, undecodable: Bool) -> String? {
        if firstLine == nil { firstLine = line }
        guard let id else {
            if !undecodable { withoutID.append(line) }
            return nil
        }
        if id != current {
            if let current {
                let ended = open
                sizes[currentPlace] = Size(ended)
                open = GroupRows(raw: RawRows(reservingLike: ended.raw))
                closed.insert(current)
                // The part's first group may go on in the part before: held for `groups`.
                if current != first {
                    judge(current, ended)
                    judged.append((currentPlace, sizes[currentPlace]))
                } else {
                    pending[current] = ended
                }
            }
            if closed.contains(id) {
                // Not sorted: no more groups are judged; every row is counted as a first pass
                // over an unsorted file counts them (`hold`), the groups so far already counted.
                unsorted = true
                places = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
                window = Window(segmentBytes: segmentBytes, indexBytes: indexBytes)
                (held, dropped) = ([], true)
                (self.current, pending, open) = (nil, [:], GroupRows())
                return nil
            }
            current = id
            if first == nil { first = id }
            if pending[id] == nil {
                order.append(id)
                sizes.append(Size())
                firstSeen.append(line)
            }
            currentPlace = order.count - 1
        }
        return id
    }

    /// A part as a first pass over an unsorted file leaves it: a sorted read's part (no group came
    /// back in it) with its last group's rows counted and its groups' places filed.
    func counted() -> GroupCollector {
        guard window == nil else { return self }
        var part = self
        if let current, let rows = rows(of: current) { part.sizes[currentPlace] = Size(rows) }
        part.places = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        return part
    }

    /// A group's rows so far, `current`'s still open ones included.
    func rows(of id: String) -> GroupRows? {
        guard id == current else { return pending[id] }
        return pending[id].map { $0.followed(by: open) } ?? open
    }

    fileprivate func judge(_ id: String, _ rows: GroupRows) {
        let (header, method, asOf) = (header, method, asOf)
        pool.add { Portfolio.group(id, rows: rows, header: header, method: method, asOf: asOf) }
    }

    /// Every group of the file in file order, the parts put together: a group cut by a part
    /// boundary is judged once over all its rows. nil when the file is not sorted by group: the
    /// groups judged are then left in the parts' pools, for `finished` to keep those judged whole.
    static func groups(_ parts: [GroupCollector]) -> [PortfolioGroup]? {
        if parts.contains(where: \.unsorted) || reopened(parts) { return nil }
        var groups: [PortfolioGroup] = []
        // The last, still open group of the part before.
        var carried: (id: String, rows: GroupRows)?
        for part in parts {
            guard let first = part.first, var head = part.rows(of: first) else { continue }
            let judge = { (id: String, rows: GroupRows) in
                Portfolio.group(id, rows: rows, header: part.header, method: part.method, asOf: part.asOf)
            }
            if let previous = carried {
                if previous.id == first {
                    head = previous.rows.followed(by: head)
                } else {
                    groups.append(judge(previous.id, previous.rows))
                }
                carried = nil
            }
            if first == part.current {
                // The part holds one group only: it may go on in the next part.
                carried = (first, head)
                _ = part.pool.finish()
                continue
            }
            groups.append(judge(first, head))
            groups += part.pool.finish()
            if let last = part.current, let rows = part.rows(of: last) { carried = (last, rows) }
        }
        if let last = carried, let part = parts.last {
            groups.append(Portfolio.group(last.id, rows: last.rows, header: part.header, method: part.method, asOf: part.asOf))
        }
        return groups
    }

    /// Whether a part holds a group closed in a part before it (or that part's last group, not
    /// going on from it): the parts, each sorted, are not sorted together. Asked before `groups`
    /// takes any part's judged groups, so that all are left for `finished`.
    static func reopened(_ parts: [GroupCollector]) -> Bool {
        var closedBefore: Set<String> = []
        // The last, still open group of the part before.
        var carried: String?
        for part in parts {
            if part.order.contains(where: { closedBefore.contains($0) || ($0 == carried && $0 != part.first) }) { return true }
            guard let first = part.first, part.rows(of: first) != nil else { continue }
            if let previous = carried {
                if previous != first { closedBefore.insert(previous) }
                carried = nil
            }
            if first == part.current {
                carried = first
                continue
            }
            closedBefore.formUnion(part.closed)
            if let last = part.current, part.rows(of: last) != nil { carried = last }
        }
        return false
    }
}

/// The C library's heap, asked to give back what is freed.
enum Heap {
    /// Returns the free pages of every malloc arena to the system. After a pass over an unsorted
    /// file its run's rows are all freed, but glibc keeps freed memory that lies below live
    /// blocks, in the arena of the thread that took it (`malloc_stats`: 52 MB kept by the main
    /// thread's arena after a run held by the first part, while the next run's 28 MB went to the
    /// second part's arena). The 97 MB benchmark file with 200 rows moved to its end peaked at
    /// 132,776–133,528 KiB, and sorted by period 99,868–101,844 KiB; with `malloc_trim(0)` after
    /// each run, 86,612–87,864 and 87,532–89,340 KiB (3 alternating runs each, wall unchanged).
    static func giveBackFreed() {
        #if os(Linux)
            _ = malloc_trim(0)
        #endif
    }
}

/// Work done on a thread of its own while the caller goes on; `result` waits for it.
final class Beside<T: Sendable>: @unchecked Sendable {
    private var value: T?
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () -> T?) {
        Thread { [self] in
            value = work()
            done.signal()
        }.start()
    }

    /// The work's result once it is done (the semaphore orders the write before this read).
    func result() -> T? {
        done.wait()
        return value
    }
}

/// One group's rows as read: decoded, or kept as UTF-8 bytes (`RawRows`).
struct GroupRows: Sendable {
    var decoded: [SourceTable.Row] = []
    var raw = RawRows()
    var isEmpty: Bool { decoded.isEmpty && raw.isEmpty }

    init(decoded: [SourceTable.Row] = [], raw: RawRows = RawRows()) {
        self.decoded = decoded
        self.raw = raw
    }

    /// Empty, with room for rows of this size (`GroupCollector.Size`).
    init(reserving size: GroupCollector.Size) {
        raw = RawRows(reservingBytes: size.storage, cells: size.cells, records: size.records - size.decoded)
        decoded.reserveCapacity(size.decoded)
    }

    /// The line of the group's first row.
    var firstLine: Int { min(decoded.first?.line ?? .max, raw.records.first?.line ?? .max) }

    /// Every row decoded, in the file's order.
    func all() -> [SourceTable.Row] {
        guard !raw.isEmpty else { return decoded }
        return (decoded + raw.decoded()).sorted { $0.line < $1.line }
    }

    /// Adds `later`'s rows (the same group's, read after these) at the end.
    mutating func append(_ later: GroupRows) {
        decoded += later.decoded
        raw.append(contentsOf: later.raw)
    }

    /// These rows, then `later`'s.
    func followed(by later: GroupRows) -> GroupRows {
        var rows = self
        rows.append(later)
        return rows
    }
}

/// Judges groups on every core while the caller goes on reading: each group is loaded and
/// reported on its own, so they can run at once. Results come back in the order they were added,
/// and at most a few groups wait at a time (`add` blocks), so memory stays bounded by those few
/// groups, never the file.
final class GroupPool: @unchecked Sendable {
    private let queue = DispatchQueue(label: "groupprod.portfolio", attributes: .concurrent)
    private let work = DispatchGroup()
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var results: [Int: PortfolioGroup] = [:]
    private var count = 0

    init(inFlight: Int = 2 * Machine.cores) {
        slots = DispatchSemaphore(value: max(1, inFlight))
    }

    func add(_ job: @escaping @Sendable () -> PortfolioGroup) {
        let index = count
        count += 1
        slots.wait()
        queue.async(group: work) { [self] in
            let group = job()
            lock.withLock { results[index] = group }
            slots.signal()
        }
    }

    /// Waits for every group and returns them in the order added, keeping none: a sorted read
    /// that found its file unsorted is kept through the passes after it, and its groups judged
    /// before are taken from it first (`GroupCollector.finished`), those judged whole kept, the
    /// rest let go (the 97 MB benchmark file with 200 rows moved to the end peaked at
    /// 85,996–86,448 KiB with all kept, 83,536–84,416 KiB with none: 3 alternating runs).
    func finish() -> [PortfolioGroup] {
        work.wait()
        return lock.withLock {
            defer { results = [:] }
            return (0..<count).compactMap { results[$0] }
        }
    }
}
