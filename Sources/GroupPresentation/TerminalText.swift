import CSVCodec

/// User text made safe to print: a member name or a cell holding `ESC]0;…BEL` or `ESC[2J` would
/// retitle or clear the terminal. Control characters (C0, DEL, C1) and the bidirectional overrides
/// that reorder what a reader sees are shown visibly as `\u{1B}`; everything else is kept.
public enum TerminalText {
    public static func visible(_ text: String) -> String {
        guard mayHoldControl(text), text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Line breaks inside a cell become spaces (a table row stays one line), then `visible`.
    public static func oneLine(_ text: String) -> String {
        // Most cells have no line break to replace (each replacement went through NSString).
        guard text.anyUTF8Byte(where: { $0 == 0x0A || $0 == 0x0D }) else { return visible(text) }
        return visible(
            text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
                .replacingOccurrences(of: "\r", with: " "))
    }

    /// Visible, but keeping line breaks: for multi-line messages the tool composes itself.
    public static func visibleKeepingLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { visible(String($0)) }.joined(separator: "\n")
    }

    /// Colour is marked with a private-use character while text is composed; `printable` turns
    /// only these marks, followed by a plain SGR colour code, into escape sequences, after every
    /// control character from the input has been made visible.
    public static let colourMark: Unicode.Scalar = "\u{10FFFD}"

    public static func paint(_ text: String, _ code: String) -> String {
        "\(Character(colourMark))[\(code)m\(text)\(Character(colourMark))[0m"
    }

    /// The whole text as it may go to a terminal or a log: controls visible (tab and line feed
    /// kept), colour marks turned into escapes when `colour`, or dropped.
    public static func printable(_ text: String, colour: Bool) -> String {
        var out = ""
        var scalars = text.unicodeScalars[...]
        while let scalar = scalars.first {
            scalars = scalars.dropFirst()
            if scalar == colourMark {
                // Only `[`, digits and `m`: a colour, nothing that moves the cursor or retitles.
                let code = scalars.prefix(while: { $0 != "m" })
                if scalars.first == "[", code.count <= 4, code.dropFirst().allSatisfy({ ("0"..."9").contains($0) }),
                    scalars.count > code.count
                {
                    if colour { out += "\u{1B}" + String(String.UnicodeScalarView(code)) + "m" }
                    scalars = scalars.dropFirst(code.count + 1)
                    continue
                }
                out += "\\u{10FFFD}"
                continue
            }
            if scalar != "\n" && scalar != "\t" && isControl(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// false when `text` holds no control: every control's UTF-8 starts with a byte below 0x20,
    /// 0x7F, 0xC2 (U+0080–U+009F) or 0xE2 (U+202A–U+2069), so text without such a byte (ASCII,
    /// kana and kanji) is not walked scalar by scalar (as `TextSafety.firstHostile`).
    static func mayHoldControl(_ text: String) -> Bool {
        let suspect = { (byte: UInt8) in byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xE2 }
        return text.anyUTF8Byte(where: suspect)
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }
}
