import CSVCodec
import GroupProductivity

/// Terminal display width by Unicode UAX #11 (East Asian Width): W and F are 2 columns, everything
/// else 1, ambiguous (A) characters 1 as in most terminals' default; combining marks and zero-width
/// characters 0. Written here because none of the packages available measures display width
/// (argument-parser, TextTable and Rainbow count Characters).
public enum DisplayWidth {
    public static func of(_ text: String) -> Int {
        // Printable ASCII (IDs, figures, most words) is a column a byte, told from the bytes: the
        // scalar-by-scalar sum was a quarter of a 100,000-member terminal report.
        if !text.anyUTF8Byte(where: { $0 < 0x20 || $0 >= 0x7F }) { return text.utf8.count }
        return text.unicodeScalars.reduce(0) { $0 + of($1) }
    }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        // Kanji and kana, most of a Japanese name, are wide and no mark: told without looking up
        // their category (the lookup was 7% of a 10,000-member terminal report's instructions).
        // `DisplayWidthTests` checks every scalar of these ranges against the rule below.
        if isCommonWide(v) { return 2 }
        if v == 0 { return 0 }
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        // No mark lies below U+0300 (the combining diacritics), so the category is not looked up there.
        if v >= 0x300 && (scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark)
            || v == 0x200B || v == 0x200C || v == 0x200D || v == 0xFEFF || (0xFE00...0xFE0F).contains(v)
        {
            return 0
        }
        return isWide(v) ? 2 : 1
    }

    /// CJK Unified Ideographs (U+4E00–U+9FFF), the hiragana letters (U+3041–U+3096) and the
    /// katakana block (U+30A0–U+30FF): East Asian Wide throughout, and none of them a mark (the
    /// kana's combining sound marks, U+3099 and U+309A, lie between and are left out).
    static func isCommonWide(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3041...0x3096).contains(v) || (0x30A0...0x30FF).contains(v)
    }

    /// True for East Asian Wide (W) and Fullwidth (F) code points: a binary search of the ranges
    /// generated from Unicode's EastAsianWidth by `scripts/gen-east-asian-width.py`.
    static func isWide(_ v: UInt32) -> Bool {
        if v < 0x1100 { return false }
        var low = 0
        var high = wideRanges.count
        while low < high {
            let mid = (low + high) / 2
            if wideRanges[mid].upperBound < v { low = mid + 1 } else { high = mid }
        }
        return low < wideRanges.count && wideRanges[low].contains(v)
    }

    /// Pads `text` with spaces to `width` columns (left-aligned, or right-aligned for numbers).
    public static func pad(_ text: String, to width: Int, right: Bool = false) -> String {
        let gap = max(0, width - of(text))
        let fill = String(repeating: " ", count: gap)
        return right ? fill + text : text + fill
    }

    /// Cuts `text` to at most `width` columns, ending with "…" when cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard of(text) > width else { return text }
        var out = ""
        var used = 0
        for c in text {
            let w = of(String(c))
            if used + w > width - 1 { break }
            out.append(c)
            used += w
        }
        return out + "…"
    }
}
