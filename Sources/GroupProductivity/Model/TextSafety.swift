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
}

extension String {
    /// Zeros in front up to `width` characters: "1B" → "001B" (code points in messages and JSON escapes).
    public func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
