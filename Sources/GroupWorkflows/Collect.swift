import Foundation
import GroupPresentation
import GroupProductivity
import SafeFiles

/// A value the group already holds that a returned file would change.
public struct Conflict: Sendable {
    public var key: FigureKey
    public var old: Figures
    public var new: Figures
}

/// What `collect` did, or would do, with returned member files.
public struct CollectOutcome: Sendable {
    /// Files refused because of errors, each with all of its errors.
    public var refused: [(file: String, errors: [Diagnostic])] = []
    public var warnings: [Diagnostic] = []
    public var added: [FigureKey] = []
    public var unchanged: [FigureKey] = []
    public var replaced: [Conflict] = []
    /// Differences left as they were (no `--replace`).
    public var conflicts: [Conflict] = []
    /// Differences `--replace` cannot apply: the old value is in a file the tool did not write.
    public var blocked: [Conflict] = []
    /// The file written, when anything changed.
    public var written: String?

    public var changed: Bool { !added.isEmpty || !replaced.isEmpty }
    public var clean: Bool { refused.isEmpty && conflicts.isEmpty && blocked.isEmpty }
}

/// Brings returned member files into a group: checks each, refuses files with errors, and merges
/// the good rows into the group's `collected.csv` (the one figure file the tool owns), atomically.
public enum Collect {
    public static let fileName = "collected.csv"

    public enum Failure: Error, Sendable {
        /// The group itself does not load cleanly: fix it first.
        case group([Diagnostic])
        case write(WriteError)
        /// `collected.csv` holds things a person added (a column, a title or note row, a blank or
        /// figure-less row) that rewriting it would drop: refused unless `force`.
        case wouldDropAdditions([Diagnostic])
    }

    /// What a person may add to `collected.csv` in Excel that a rewrite would not carry over.
    static let additionCodes: Set<DiagnosticCode> = [
        .unknownColumn, .titleRowsSkipped, .blankRowsSkipped, .emptyFiguresRow,
        .unitFromTitle,
    ]

    /// Call with the group's lock held (`GroupLock`): two runs at once would each write back only
    /// their own rows.
    public static func run(group path: String, files: [String], replace: Bool, force: Bool = false) -> Result<CollectOutcome, Failure> {
        let loaded = GroupLoader.load(path: path, requireFigures: false)
        guard let group = loaded.group else { return .failure(.group(loaded.errors)) }
        let target = (path as NSString).appendingPathComponent(fileName)
        let additions = loaded.warnings.filter { $0.location?.file == target && additionCodes.contains($0.code) }
        if !additions.isEmpty && !force { return .failure(.wouldDropAdditions(additions)) }
        var outcome = CollectOutcome()
        var incoming: [FigureKey: Figures] = [:]
        for file in files {
            var (figures, diagnostics) = GroupLoader.readMemberFile(path: file, roster: group.members)
            for (key, figure) in figures {
                if let earlier = incoming[key] {
                    diagnostics.append(
                        Diagnostic(
                            code: .duplicateFigures, location: figure.source, rawValue: key.member,
                            message: LocalizedText(
                                ja:
                                    "事業者「\(key.member)」の\(PeriodText.name(key.period, .ja))\(CanonicalCSV.kindName(key.kind))は \(earlier.source.file):\(earlier.source.line) にもあります",
                                en:
                                    "member \"\(key.member)\" \(PeriodText.name(key.period, .en)) \(key.kind.rawValue) is also in \(earlier.source.file):\(earlier.source.line)"
                            ),
                            hint: LocalizedText(ja: "同じ行を2つのファイルで送らないでください", en: "collect each row from one file only")))
                }
            }
            let errors = diagnostics.filter { $0.severity == .error }
            outcome.warnings += diagnostics.filter { $0.severity == .warning }
            if !errors.isEmpty {
                outcome.refused.append((file, errors))
                continue
            }
            incoming.merge(figures) { old, _ in old }
        }

        var merged = group
        for key in incoming.keys.sorted(by: Collect.order(group)) {
            guard var new = incoming[key] else { continue }
            new.origin = "\((new.source.file as NSString).lastPathComponent):\(new.source.line)"
            guard let old = group.figures[key] else {
                merged.figures[key] = new
                outcome.added.append(key)
                continue
            }
            if old.sameValues(as: new) {
                outcome.unchanged.append(key)
            } else if !replace {
                outcome.conflicts.append(Conflict(key: key, old: old, new: new))
            } else if old.source.file != target {
                outcome.blocked.append(Conflict(key: key, old: old, new: new))
            } else {
                merged.figures[key] = new
                outcome.replaced.append(Conflict(key: key, old: old, new: new))
            }
        }
        let touched = Set(outcome.added + outcome.replaced.map(\.key))
        outcome.warnings += PlausibilityChecks.warnings(merged).filter { d in
            touched.contains { merged.figures[$0]?.source == d.location }
        }
        guard outcome.changed else { return .success(outcome) }

        // collected.csv holds what it held before plus what came in now; other files are untouched.
        let keys = CanonicalCSV.orderedKeys(merged).filter { key in
            touched.contains(key) || group.figures[key]?.source.file == target
        }
        var sources: [FigureKey: String] = [:]
        for key in keys { sources[key] = merged.figures[key]?.origin ?? "" }
        let text = CanonicalCSV.figures(merged, keys: keys, sources: sources)
        do {
            // UTF-8 can hold any text, so encoding cannot fail here.
            let data = (try? OutputEncoding.utf8.encode(text)) ?? Data(text.utf8)
            try OutputFile.write(data, to: target, overwrite: true)
        } catch {
            return .failure(.write(error))
        }
        outcome.written = target
        return .success(outcome)
    }

    static func order(_ group: Group) -> (FigureKey, FigureKey) -> Bool {
        let rank = Dictionary(group.members.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        return { a, b in
            (rank[a.member] ?? Int.max, a.period.rawValue, a.kind.rawValue) < (rank[b.member] ?? Int.max, b.period.rawValue, b.kind.rawValue)
        }
    }
}
