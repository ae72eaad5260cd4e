import Foundation
import GroupPresentation
import GroupProductivity
import SafeFiles

/// The forms a representative emails to members: one file per member, planned in full before
/// anything is written, so the set is written all or nothing.
public enum Templates {
    public enum Problem: Error, Sendable, Equatable {
        /// `--member` names no roster member.
        case unknownMember(String)
        /// Two members would get the same file name (file systems may fold case).
        case nameCollision(MemberID, MemberID, String)
        /// The default folder `GROUP/templates` is a symbolic link: followed only when named.
        case folderIsLink(String)
        case unencodable(UnencodableCharacter, path: String)
        /// libxlsxwriter could not build the workbook (its own message).
        case workbook(String, path: String)
    }

    /// Roster IDs that are all digits: Excel turns `003` in a CSV into the number 3 when the
    /// member opens it. The loader recovers a lost zero when it can, but a workbook form keeps the
    /// ID as text and needs no recovery.
    public static func numericLookingIDs(_ members: [Member]) -> [MemberID] {
        members.map(\.id).filter { !$0.isEmpty && $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }
    }

    /// What the forms are: CSV (any spreadsheet) or Excel workbooks with input checks.
    public enum Format: String, Sendable, CaseIterable {
        case csv
        case xlsx
        var fileExtension: String { rawValue }
    }

    /// The files to write, or the reason none can be.
    public static func plan(
        group: Group, member wanted: String?, folder: String, encoding: OutputEncoding,
        format: Format = .csv, unit: MoneyUnit = .yen
    )
        -> Result<[OutputFile.Item], Problem>
    {
        var members = group.members
        if let wanted {
            let id = MemberIDs.fold(wanted)
            members = members.filter { $0.id == id }
            if members.isEmpty { return .failure(.unknownMember(wanted)) }
        }
        var taken: [String: MemberID] = [:]
        var items: [OutputFile.Item] = []
        for member in members {
            let name = fileName(member, extension: format.fileExtension)
            let key = name.precomposedStringWithCanonicalMapping.lowercased()
            if let other = taken[key] { return .failure(.nameCollision(other, member.id, name)) }
            taken[key] = member.id
            let path = (folder as NSString).appendingPathComponent(name)
            do {
                switch format {
                case .csv:
                    items.append(OutputFile.Item(path: path, data: try encoding.encode(CanonicalCSV.template(for: member, group: group, unit: unit))))
                case .xlsx:
                    items.append(OutputFile.Item(path: path, data: try XLSXForm.workbook(for: member, group: group, unit: unit)))
                }
            } catch let error as UnencodableCharacter {
                return .failure(.unencodable(error, path: path))
            } catch {
                return .failure(.workbook(String(describing: error), path: path))
            }
        }
        return .success(items)
    }

    /// The default folder, `GROUP/templates`; refused when it is a symbolic link (the user may name
    /// it with `--output` to write there on purpose).
    public static func defaultFolder(group: String) -> Result<String, Problem> {
        let folder = (group as NSString).appendingPathComponent("templates")
        if (try? FileManager.default.destinationOfSymbolicLink(atPath: folder)) != nil { return .failure(.folderIsLink(folder)) }
        return .success(folder)
    }

    /// `ID_name.csv` with the characters file systems reject replaced, never starting with `.` or
    /// `~` (the loader skips such names as hidden or as Excel lock files), at most 200 bytes.
    public static func fileName(_ member: Member, extension ext: String = "csv") -> String {
        let unsafe: Set<Character> = ["/", "\\", ":", "*", "?", "\"", "<", ">", "|"]
        func clean(_ s: String) -> String {
            String(s.map { unsafe.contains($0) || $0.isWhitespace || $0.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) ? "_" : $0 })
        }
        var id = clean(member.id)
        if id.hasPrefix(".") || id.hasPrefix("~") { id = "_" + id }
        var name = clean(member.name)
        while ("\(id)_\(name).\(ext)").utf8.count > 200 && !name.isEmpty { name.removeLast() }
        while ("\(id)_\(name).\(ext)").utf8.count > 200 && !id.isEmpty { id.removeLast() }
        return "\(id)_\(name).\(ext)"
    }
}

extension Words {
    public func templateProblem(_ p: Templates.Problem) -> String {
        switch p {
        case .unknownMember(let id):
            t("事業者ID「\(id)」は名簿にありません", "member \"\(id)\" is not on the roster")
        case .nameCollision(let a, let b, let name):
            t(
                "事業者「\(a)」と「\(b)」のファイル名が同じ「\(name)」になります。どちらかの事業者IDを変えてください（何も書いていません）",
                "members \"\(a)\" and \"\(b)\" would get the same file name \"\(name)\"; change one of the IDs (nothing was written)")
        case .folderIsLink(let folder):
            t(
                "\(folder) は別の場所へのシンボリックリンクです。そこに書くなら --output で指定してください（何も書いていません）",
                "\(folder) is a symbolic link to elsewhere; to write there, name it with --output (nothing was written)")
        case .unencodable(let e, let path):
            unencodable(e, path: path)
        case .workbook(let why, let path):
            t(
                "\(path) の Excel ブックを作成できません（\(why)）。何も書いていません",
                "cannot build the workbook \(path) (\(why)); nothing was written")
        }
    }

    /// The warning `template` gives when CSV forms go to members whose IDs Excel will read as numbers.
    public func numericIDs(_ ids: [MemberID]) -> String {
        let shown = ids.prefix(5).joined(separator: ", ") + (ids.count > 5 ? t(" ほか \(ids.count - 5) 件", " and \(ids.count - 5) more") : "")
        return t(
            "注意: 事業者ID（\(shown)）は数字だけです。CSV を Excel で開くと 003 が 3 になるなど先頭の 0 が消えます。"
                + "Excel で記入してもらうなら --format xlsx の様式（IDは文字として保存）を使ってください",
            "note: the member IDs \(shown) are all digits; Excel opening a CSV turns 003 into 3. "
                + "For members who use Excel, use --format xlsx forms, which keep IDs as text")
    }
}
