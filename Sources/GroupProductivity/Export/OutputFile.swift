import Foundation

/// Why a file could not be written.
public struct WriteError: Error, Sendable {
    public var path: String
    public var message: LocalizedText
}

/// Encodes text for Excel users: UTF-8 with a BOM (Excel picks UTF-8 only from a BOM), or CP932.
public enum OutputEncoding: String, Sendable, CaseIterable {
    case utf8
    case cp932

    /// CP932 cannot hold 〜 (U+301C), − (U+2212), — (U+2014), ¥ (U+00A5) and others that Japanese
    /// text often carries; the first four are mapped to what Excel shows the same way, anything else
    /// left over is an error naming the character.
    public func encode(_ text: String, path: String) throws(WriteError) -> Data {
        switch self {
        case .utf8:
            return Data([0xEF, 0xBB, 0xBF] + Array(text.utf8))
        case .cp932:
            let mapped = String(text.map { c -> Character in
                switch c {
                case "\u{301C}": "\u{FF5E}"
                case "\u{2212}": "\u{FF0D}"
                case "\u{2014}": "\u{2015}"
                case "\u{00A5}": "\u{FFE5}"
                default: c
                }
            })
            if let data = mapped.data(using: .shiftJIS) { return data }
            let bad = mapped.first { String($0).data(using: .shiftJIS) == nil }.map { String($0) } ?? "?"
            throw WriteError(path: path, message: LocalizedText(
                ja: "文字「\(bad)」は Shift_JIS (CP932) で書けません。--encoding utf8 を使ってください",
                en: "the character \"\(bad)\" cannot be written in Shift_JIS (CP932); use --encoding utf8"))
        }
    }
}

/// Writes files atomically: a temporary file beside the target, then `rename`, so a reader (or an
/// interrupted run) sees the old file or the new one, never half of one.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String, overwrite: Bool) throws(WriteError) {
        let manager = FileManager.default
        if !overwrite && manager.fileExists(atPath: path) {
            throw WriteError(path: path, message: LocalizedText(
                ja: "ファイルが既にあります（上書きするには --force）", en: "the file exists (use --force to overwrite it)"))
        }
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.groupprod-\(UUID().uuidString).tmp"
        guard manager.createFile(atPath: temporary, contents: data) else {
            throw WriteError(path: path, message: LocalizedText(
                ja: "書き込めません（フォルダと権限を確認してください）", en: "cannot write here (check the folder and permissions)"))
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? manager.removeItem(atPath: temporary)
            throw WriteError(path: path, message: LocalizedText(ja: "書き込めません: \(reason)", en: "cannot write: \(reason)"))
        }
    }
}
