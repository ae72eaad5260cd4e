import BigInt
import Foundation

/// Why a cell is not a number, with the wording shown to the user.
public enum NumberProblem: Error, Sendable, Equatable {
    case empty
    /// `1.23457E+11`: Excel's "General" format wrote a rounded number in exponent form.
    case exponentNotation
    /// `1,23` or `12,3456`: commas that are not thousands separators.
    case misplacedSeparator
    /// More than one sign (`-△100`) or a sign in the middle.
    case conflictingSigns
    /// A character that has no place in a number.
    case unexpectedCharacter(Character)
    /// More significant digits than any business figure has (Excel itself keeps 15).
    case tooManyDigits(Int)
    /// An Excel error value (`#DIV/0!`, `#N/A` …): a formula that did not give a number.
    case excelError(String)
    /// A unit written where none belongs: in a headcount or hours cell, or in a scenario's change.
    case unitInCell(String)

    public var message: LocalizedText {
        switch self {
        case .empty:
            return LocalizedText(ja: "値が空です", en: "the cell is empty")
        case .exponentNotation:
            return LocalizedText(
                ja: "指数表記（例 1.23E+11）は丸められた値のため使えません",
                en: "exponent notation (e.g. 1.23E+11) is a rounded value and cannot be used")
        case .misplacedSeparator:
            return LocalizedText(
                ja: "桁区切りのカンマの位置が正しくありません",
                en: "the thousands separators are misplaced")
        case .conflictingSigns:
            return LocalizedText(
                ja: "符号（-・△・▲・括弧）が重複しているか位置が不正です",
                en: "the sign (-, △, ▲, parentheses) is repeated or misplaced")
        case .tooManyDigits(let count):
            return LocalizedText(
                ja: "有効桁数が \(count) 桁あります（\(NumberParser.maximumDigits) 桁まで）",
                en: "has \(count) significant digits (at most \(NumberParser.maximumDigits))")
        case .excelError(let e):
            return LocalizedText(
                ja: "Excel のエラー値「\(e)」です（式の結果が数値になっていません）",
                en: "the Excel error value \(e): the formula did not give a number")
        case .unitInCell(let unit):
            return LocalizedText(ja: "セルに単位「\(unit)」が書かれています", en: "the cell carries the unit \"\(unit)\"")
        case .unexpectedCharacter(let c):
            let shown = NumberProblem.visible(c)
            return LocalizedText(
                ja: "数値に使えない文字「\(shown)」が含まれています",
                en: "contains \"\(shown)\", which is not part of a number")
        }
    }

    /// Control and invisible characters are named by code point, never printed raw.
    static func visible(_ c: Character) -> String {
        let invisible = c.unicodeScalars.contains { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }
        return invisible ? c.unicodeScalars.map { String(format: "U+%04X", $0.value) }.joined(separator: " ") : String(c)
    }

    public var hint: LocalizedText {
        switch self {
        case .empty:
            return LocalizedText(
                ja: "数値を入力してください（0 の場合は 0 と入力）",
                en: "enter a number (write 0 for zero)")
        case .exponentNotation:
            return LocalizedText(
                ja: "Excel で列の書式を「数値」にして保存し直してください",
                en: "format the column as Number in Excel and save again")
        case .misplacedSeparator:
            return LocalizedText(
                ja: "1,234,567 のように3桁ごとに区切るか、カンマなしで入力してください",
                en: "group digits in threes (1,234,567) or leave the commas out")
        case .tooManyDigits:
            return LocalizedText(
                ja: "単位（円・千円）と桁を確認してください。Excel は15桁を超える値を丸めます",
                en: "check the unit (円, 千円) and the digits; Excel rounds values beyond 15 digits")
        case .excelError:
            return LocalizedText(
                ja: "元のブックで式を直し（参照先の空欄や 0 での割り算）、値が出てから保存し直してください",
                en: "fix the formula in the workbook (an empty reference, a division by zero) and save again once it shows a number")
        case .unitInCell:
            return LocalizedText(ja: "単位を付けずに数字だけを入力してください", en: "enter the number alone, without a unit")
        case .conflictingSigns, .unexpectedCharacter:
            return LocalizedText(
                ja: "数字だけで入力してください（負の値は -1234、△1,234、▲1,234、(1,234) のいずれか）",
                en: "write digits only (negatives as -1234, △1,234, ▲1,234 or (1,234))")
        }
    }
}

/// A unit written in a cell after the digits (`9,000千円`, `900万`, `1.2億円`, `1,234円`).
public struct WrittenUnit: Sendable, Equatable {
    /// The unit as written (after NFKC): `千円`, `万`, `円` …
    public var text: String
    /// Yen per unit of the written number: 千 → 1,000, 万 → 10,000, 億 → 100,000,000.
    public var factor: Int

    /// Longest first, so 百万円 is named whole and 円 comes last.
    static let all: [WrittenUnit] = [
        ("百万円", 1_000_000), ("千万円", 10_000_000), ("千円", 1_000), ("万円", 10_000), ("億円", 100_000_000),
        ("百万", 1_000_000), ("千万", 10_000_000), ("千", 1_000), ("万", 10_000), ("億", 100_000_000), ("円", 1),
    ].map { WrittenUnit(text: $0.0, factor: $0.1) }
}

/// A number as a cell holds it: the written value, a unit written after it, and whether the
/// cell was Excel's accounting-format zero (a dash alone), which the importer warns about.
public struct CellNumber: Sendable, Equatable {
    /// The number as written, before any unit (`9,000千円` → 9000).
    public var written: Rational
    public var unit: WrittenUnit?
    public var dashAsZero: Bool

    public init(written: Rational, unit: WrittenUnit? = nil, dashAsZero: Bool = false) {
        self.written = written
        self.unit = unit
        self.dashAsZero = dashAsZero
    }
}

/// Reads numbers as people type them in Japanese spreadsheets, exactly.
///
/// Accepts `1234`, `1,234`, `-1234`, `△1,234`, `▲1,234`, `(1,234)`, full-width digits and signs
/// (`１２３４`, `－`), `−` (U+2212), a `ー` typed as minus, a `¥`/`￥`/`\` prefix (CP932 0x5C is the
/// yen key), a unit after the digits (`円`, `千円`, `万`, `1.2億円`: `read` returns it for the
/// importer to weigh against the column's header), a dash alone as zero, and ASCII or full-width
/// spaces around. Everything else is a problem, never a silent zero or a truncated value
/// (`Decimal(string: "1,234")` gives 1).
public enum NumberParser {
    static let excelErrors: Set<String> = ["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA", "#SPILL!", "#CALC!"]

    /// A number where no column gives a unit (a scenario's change): `円` after the digits is
    /// allowed, any other unit is refused, and a dash alone is zero.
    public static func parse(_ raw: String) -> Result<Rational, NumberProblem> {
        switch read(raw) {
        case .failure(let problem): return .failure(problem)
        case .success(let cell):
            if let unit = cell.unit, unit.factor != 1 { return .failure(.unitInCell(unit.text)) }
            return .success(cell.written)
        }
    }

    /// A cell's number with the idioms it was written in, for the importer (see `CellNumber`).
    public static func read(_ raw: String) -> Result<CellNumber, NumberProblem> {
        if let value = plainDecimal(raw) { return .success(CellNumber(written: value)) }
        return parseInFull(raw)
    }

    /// The common cell, read straight from its bytes: ASCII `-?d+(,ddd)*(.d*)?` or `-?.d+`, at most
    /// 15 digits. Returns nil for anything else, which `parseInFull` then reads (or refuses); on what
    /// it accepts it gives the value `parseInFull` gives (a test compares them on random text).
    static func plainDecimal(_ raw: String) -> Rational? {
        raw.utf8.withContiguousStorageIfAvailable { plainDecimal(bytes: $0) } ?? nil
    }

    /// `plainDecimal` on a cell's bytes in place.
    static func plainDecimal(bytes: UnsafeBufferPointer<UInt8>) -> Rational? {
        let n = bytes.count
        var i = 0
        let negative = n > 0 && bytes[0] == 0x2D
        if negative { i = 1 }
        // Wrapping arithmetic: a cell of more digits than `maximumDigits` is refused at the end.
        var significand: Int64 = 0
        var digits = 0
        // The whole part: digits, or groups of three after a first group of one to three.
        var group = 0
        var commas = 0
        while i < n {
            let digit = bytes[i] &- 0x30
            if digit < 10 {
                significand = significand &* 10 &+ Int64(digit)
                digits += 1
                group += 1
            } else if bytes[i] == 0x2C {
                guard commas == 0 ? (1...3).contains(group) : group == 3 else { return nil }
                commas += 1
                group = 0
            } else {
                break
            }
            i += 1
        }
        if commas > 0 && group != 3 { return nil }
        // The fraction: a point, then digits only.
        var fraction = 0
        if i < n {
            guard bytes[i] == 0x2E else { return nil }
            i += 1
            while i < n {
                let digit = bytes[i] &- 0x30
                guard digit < 10 else { return nil }
                significand = significand &* 10 &+ Int64(digit)
                digits += 1
                fraction += 1
                i += 1
            }
        }
        guard digits > 0, digits <= NumberParser.maximumDigits else { return nil }
        var denominator: Int64 = 1
        for _ in 0..<fraction { denominator *= 10 }
        return Rational(small: negative ? -significand : significand, denominator)
    }

    /// Every form a member's spreadsheet may write a number in (see `NumberProblem` for the refusals).
    static func parseInFull(_ raw: String) -> Result<CellNumber, NumberProblem> {
        // NFKC folds full-width digits, commas, points, signs and ￥; safe on numeric cells only.
        // Plain ASCII (most cells) has nothing to fold.
        var text = Substring(raw.utf8.allSatisfy { $0 < 0x80 } ? raw : raw.precomposedStringWithCompatibilityMapping)
        text = text.trimmingWhitespace()
        guard !text.isEmpty else { return .failure(.empty) }
        // Excel's accounting format shows zero as a dash, and a CSV saves what is shown.
        if text.count == 1, let c = text.first, dashes.contains(c) { return .success(CellNumber(written: .zero, dashAsZero: true)) }
        if text.first == "#", excelErrors.contains(text.uppercased()) { return .failure(.excelError(String(text))) }
        // A unit after the digits (or after a closing bracket: `(1,200)千円`).
        var unit: WrittenUnit?
        for candidate in WrittenUnit.all where text.hasSuffix(candidate.text) {
            let before = text.dropLast(candidate.text.count).trimmingWhitespace()
            guard let last = before.last, last.isASCII && (last.isNumber || last == ")") else { continue }
            unit = candidate
            text = before
            break
        }
        if unit == nil && text.last == "円" { text = text.dropLast().trimmingWhitespace() }
        return digits(text).map { CellNumber(written: $0, unit: unit) }
    }

    /// Sign, currency mark and digits, once any unit is off.
    private static func digits(_ number: Substring) -> Result<Rational, NumberProblem> {
        var text = number

        var negative = false
        var signSeen = false
        if text.first == "(" && text.last == ")" {
            negative = true
            signSeen = true
            text = text.dropFirst().dropLast().trimmingWhitespace()
        }
        // Prefixes in any order: one sign, one currency mark.
        var currencySeen = false
        while let c = text.first {
            if minusSigns.contains(c) || c == "+" {
                if signSeen { return .failure(.conflictingSigns) }
                signSeen = true
                negative = c != "+"
            } else if currencyMarks.contains(c) && !currencySeen {
                currencySeen = true
            } else {
                break
            }
            text = text.dropFirst().trimmingWhitespace()
        }
        guard !text.isEmpty else { return .failure(.empty) }

        if text.contains(where: { $0 == "e" || $0 == "E" }) && text.first?.isNumber == true
            && text.allSatisfy({ $0.isASCII && ($0.isNumber || "eE+-.".contains($0)) })
        {
            return .failure(.exponentNotation)
        }
        var integerDigits = ""
        var fractionDigits = ""
        var seenPoint = false
        var groups: [Int] = [0]
        for c in text {
            switch c {
            case "0"..."9":
                if seenPoint {
                    fractionDigits.append(c)
                } else {
                    integerDigits.append(c)
                    groups[groups.count - 1] += 1
                }
            case ",":
                if seenPoint { return .failure(.misplacedSeparator) }
                groups.append(0)
            case ".":
                if seenPoint { return .failure(.unexpectedCharacter(c)) }
                seenPoint = true
            default:
                if minusSigns.contains(c) || c == "+" || c == "(" || c == ")" { return .failure(.conflictingSigns) }
                return .failure(.unexpectedCharacter(c))
            }
        }
        if groups.count > 1 {
            let first = groups[0]
            let rest = groups.dropFirst()
            if !(1...3).contains(first) || rest.contains(where: { $0 != 3 }) { return .failure(.misplacedSeparator) }
        }
        guard !(integerDigits.isEmpty && fractionDigits.isEmpty) else {
            return .failure(.unexpectedCharacter(text.first ?? " "))
        }
        let significant = (integerDigits + fractionDigits).drop { $0 == "0" }
        let trimmed = significant.reversed().drop { $0 == "0" }
        if trimmed.count > maximumDigits { return .failure(.tooManyDigits(trimmed.count)) }
        guard let magnitude = BigInt(integerDigits + fractionDigits == "" ? "0" : integerDigits + fractionDigits) else {
            return .failure(.unexpectedCharacter(text.first ?? " "))
        }
        let value = Rational(significand: negative ? -magnitude : magnitude, exponent: -fractionDigits.count)
        return .success(value)
    }

    /// `-` (after NFKC also `－`), `−` U+2212, `‐` U+2010, `‑` U+2011, `–` U+2013, `ー` U+30FC
    /// (a long-vowel mark typed for minus), `△` and `▲` (the accounting convention for negatives).
    static let minusSigns: Set<Character> = ["-", "\u{2212}", "\u{2010}", "\u{2011}", "\u{2013}", "\u{30FC}", "△", "▲"]
    /// What a cell may hold alone for zero: the dash of Excel's accounting format and the ones
    /// typed for it (`－` is `-` after NFKC; `—` U+2014 and `―` U+2015 as well).
    static let dashes: Set<Character> = ["-", "\u{2212}", "\u{2010}", "\u{2011}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{30FC}"]
    static let currencyMarks: Set<Character> = ["¥", "\\"]

    /// Significant digits accepted: Excel keeps 15, and ¥10¹⁵ is beyond any member's figures. Longer
    /// numbers are refused, which also keeps exact arithmetic fast on hostile input.
    public static let maximumDigits = 15
}

extension Substring {
    /// Trims ASCII whitespace, U+3000 (full-width space) and no-break spaces; NFKC has already
    /// turned U+3000 into U+0020, but names are not folded, so both are listed.
    func trimmingWhitespace() -> Substring {
        var s = self
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return s
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var text = self
        if text.withUTF8(Self.nothingToTrim) { return self }
        return String(Substring(self).trimmingWhitespace())
    }

    /// Whether UTF-8 text starts and ends with a scalar that is `visibleBase`, told from its bytes
    /// (the string views' first and last scalar cost about 500 instructions a cell). Most cells
    /// start and end with visible ASCII; Japanese text (names, vocabulary words) starts and ends
    /// with kana, kanji or full-width forms: none is whitespace, and none can extend a preceding
    /// whitespace into one Character, so the Character walk would find nothing to trim.
    static func nothingToTrim(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        if (0x21...0x7E).contains(first) && (0x21...0x7E).contains(last) { return true }
        /// The scalar whose encoding starts at `start`, of valid UTF-8.
        func scalar(at start: Int) -> Unicode.Scalar? {
            let lead = UInt32(bytes[start])
            let (count, bits): (Int, UInt32) =
                switch lead {
                case 0..<0x80: (1, lead)
                case 0xC0..<0xE0: (2, lead & 0x1F)
                case 0xE0..<0xF0: (3, lead & 0x0F)
                default: (4, lead & 0x07)
                }
            guard start + count <= bytes.count else { return nil }
            var value = bits
            for i in (start + 1)..<(start + count) { value = value << 6 | UInt32(bytes[i] & 0x3F) }
            return Unicode.Scalar(value)
        }
        var lastStart = bytes.count - 1
        while lastStart > 0 && bytes[lastStart] & 0xC0 == 0x80 && bytes.count - lastStart < 4 { lastStart -= 1 }
        guard let head = scalar(at: 0), let tail = scalar(at: lastStart) else { return false }
        return visibleBase(head) && visibleBase(tail)
    }

    /// A scalar that is not White_Space and always begins a grapheme cluster (no Extend or
    /// SpacingMark): visible ASCII, hiragana, katakana, CJK ideographs, full-width ASCII forms.
    @inline(__always) static func visibleBase(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x21...0x7E, 0x3041...0x3096, 0x30A1...0x30FA, 0x30FC...0x30FF, 0x4E00...0x9FFF, 0xFF01...0xFF5E: true
        default: false
        }
    }
}
