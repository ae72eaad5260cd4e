import CSVCodec

/// Characters that must never be part of an ID or a name: C0 and C1 controls and DEL (a terminal
/// acts on them), and the bidirectional formatting characters (they reorder what a reader sees,
/// CVE-2021-42574 "Trojan Source"). Tab counts too: no ID or name has one.
public enum TextSafety {
    public static func isHostile(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }

    /// The first hostile character of `text`, if any. Every hostile character's UTF-8 starts with
    /// a byte below 0x20, 0x7F, 0xC2 (U+0080–U+009F), 0xD8 (U+061C) or 0xE2 (U+200E–U+2069), so
    /// text without such a byte (plain ASCII, kana and kanji, which start 0xE3–0xE9) has none and
    /// is not walked character by character.
    public static func firstHostile(in text: String) -> Unicode.Scalar? {
        let suspect = text.anyUTF8Byte { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xD8 || $0 == 0xE2 }
        return suspect ? text.unicodeScalars.first(where: isHostile) : nil
    }
}

extension String {
    /// Zeros in front up to `width` characters: "1B" → "001B" (code points in messages and JSON escapes).
    public func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
