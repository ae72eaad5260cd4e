import Foundation
import GroupProductivity

/// A character the chosen encoding cannot hold: nothing is written, and the character is named.
public struct UnencodableCharacter: Error, Sendable, Equatable {
    public var character: String
}

/// Encodes text for Excel users: UTF-8 with a BOM (Excel picks UTF-8 only from a BOM), or CP932.
public enum OutputEncoding: String, Sendable, CaseIterable {
    case utf8
    case cp932

    /// CP932 cannot hold 〜 (U+301C), − (U+2212), — (U+2014), ¥ (U+00A5) and others that Japanese
    /// text often carries; the first four are mapped to what Excel shows the same way (Windows does
    /// the same when it saves), anything else left over is an error naming the character.
    public func encode(_ text: String) throws(UnencodableCharacter) -> Data {
        switch self {
        case .utf8:
            return Data([0xEF, 0xBB, 0xBF] + Array(text.utf8))
        case .cp932:
            let mapped = String(text.map(Self.cp932))
            if let data = mapped.data(using: .shiftJIS) { return data }
            let bad = mapped.first { String($0).data(using: .shiftJIS) == nil }.map { String($0) } ?? "?"
            throw UnencodableCharacter(character: bad)
        }
    }

    /// The four characters CP932 lacks that Windows saves as ones it has, mapped; others as they are.
    private static func cp932(_ c: Character) -> Character {
        switch c {
        case "\u{301C}": "\u{FF5E}"
        case "\u{2212}": "\u{FF0D}"
        case "\u{2014}": "\u{2015}"
        case "\u{00A5}": "\u{FFE5}"
        default: c
        }
    }

    /// The error `encode` would throw for `text`, found without converting it: each character not
    /// yet in `fits` is tried alone (after the mapping), the first that does not fit named, as
    /// `encode` names it. For text written in pieces, checked before any is written.
    public func check(_ text: String, fits: inout Set<Character>) throws(UnencodableCharacter) {
        guard self == .cp932, !text.utf8.allSatisfy({ $0 < 0x80 }) else { return }
        for c in text where !c.isASCII && !fits.contains(c) {
            let mapped = Self.cp932(c)
            guard String(mapped).data(using: .shiftJIS) != nil else { throw UnencodableCharacter(character: String(mapped)) }
            fits.insert(c)
        }
    }
}

extension Words {
    public func unencodable(_ e: UnencodableCharacter, path: String) -> String {
        t(
            "\(path): 文字「\(e.character)」は Shift_JIS (CP932) で書けません。--encoding utf8 を使ってください（何も書いていません）",
            "\(path): the character \"\(e.character)\" cannot be written in Shift_JIS (CP932); use --encoding utf8 (nothing was written)")
    }
}
