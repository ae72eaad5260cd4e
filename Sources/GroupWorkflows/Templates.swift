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
    }

    /// The files to write, or the reason none can be.
    public static func plan(group: Group, member wanted: String?, folder: String, encoding: OutputEncoding)
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
            let name = fileName(member)
            let key = name.precomposedStringWithCanonicalMapping.lowercased()
            if let other = taken[key] { return .failure(.nameCollision(other, member.id, name)) }
            taken[key] = member.id
            let path = (folder as NSString).appendingPathComponent(name)
            do {
                items.append(OutputFile.Item(path: path, data: try encoding.encode(CanonicalCSV.template(for: member, group: group))))
            } catch {
                return .failure(.unencodable(error, path: path))
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
    public static func fileName(_ member: Member) -> String {
        let unsafe: Set<Character> = ["/", "\\", ":", "*", "?", "\"", "<", ">", "|"]
        func clean(_ s: String) -> String {
            String(s.map { unsafe.contains($0) || $0.isWhitespace || $0.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) ? "_" : $0 })
        }
        var id = clean(member.id)
        if id.hasPrefix(".") || id.hasPrefix("~") { id = "_" + id }
        var name = clean(member.name)
        while ("\(id)_\(name).csv").utf8.count > 200 && !name.isEmpty { name.removeLast() }
        while ("\(id)_\(name).csv").utf8.count > 200 && !id.isEmpty { id.removeLast() }
        return "\(id)_\(name).csv"
    }
}

extension Words {
    public func templateProblem(_ p: Templates.Problem) -> String {
        switch p {
        case .unknownMember(let id):
            t("事業者ID「\(id)」は名簿にありません", "member \"\(id)\" is not on the roster")
        case .nameCollision(let a, let b, let name):
            t("事業者「\(a)」と「\(b)」のファイル名が同じ「\(name)」になります。どちらかの事業者IDを変えてください（何も書いていません）",
              "members \"\(a)\" and \"\(b)\" would get the same file name \"\(name)\"; change one of the IDs (nothing was written)")
        case .folderIsLink(let folder):
            t("\(folder) は別の場所へのシンボリックリンクです。そこに書くなら --output で指定してください（何も書いていません）",
              "\(folder) is a symbolic link to elsewhere; to write there, name it with --output (nothing was written)")
        case .unencodable(let e, let path):
            unencodable(e, path: path)
        }
    }
}
