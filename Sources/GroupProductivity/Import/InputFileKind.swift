import CSVCodec
import XLSXReader

/// What a file is, told from its first bytes (its "magic number"), before it is read as a table:
/// a file saved the wrong way gets one clear sentence, never pages of undecodable bytes.
enum InputFileKind: Equatable {
    /// UTF-8 or CP932 text (CSV, TSV).
    case text
    /// UTF-16 with a byte-order mark: Excel's 「Unicode テキスト」 (tab-delimited `.txt`).
    case utf16(bigEndian: Bool)
    /// A zip archive: an `.xlsx` workbook, if it holds one.
    case workbook
    /// An Excel 97–2003 workbook (`.xls`), or another OLE2 compound file.
    case legacyExcel
    case pdf
    case image(String)
    /// Neither text nor anything above: NUL bytes where text has none.
    case binary

    /// How many of a file's first bytes tell its kind.
    static let sniffedBytes = 4096

    /// The kind of a file from its first `sniffedBytes`.
    static func of(start data: some Collection<UInt8>) -> InputFileKind { of(Array(data.prefix(sniffedBytes))) }

    static func of(_ bytes: [UInt8]) -> InputFileKind {
        func starts(_ magic: [UInt8]) -> Bool { bytes.starts(with: magic) }
        if starts([0xFF, 0xFE]) { return .utf16(bigEndian: false) }
        if starts([0xFE, 0xFF]) { return .utf16(bigEndian: true) }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) { return .workbook }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .legacyExcel }
        if starts(Array("%PDF".utf8)) { return .pdf }
        if starts([0x89, 0x50, 0x4E, 0x47]) { return .image("PNG") }
        if starts([0xFF, 0xD8, 0xFF]) { return .image("JPEG") }
        if starts(Array("GIF8".utf8)) { return .image("GIF") }
        if bytes.count >= 12, bytes[4..<8].elementsEqual("ftyp".utf8) { return .image("HEIC/MP4") }
        // Text in the encodings read here has no NUL byte; a binary file has many early. A stray NUL
        // in a CSV (a few in the first 4 KiB) is left to the importer, which reports it at its cell.
        let head = bytes.prefix(4096)
        let nuls = head.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        if nuls * 100 > head.count || nuls > 16 { return .binary }
        return .text
    }
}

extension Diagnostic {
    static func notATable(_ file: String, kind: InputFileKind) -> Diagnostic {
        let what: LocalizedText
        switch kind {
        case .legacyExcel:
            what = LocalizedText(ja: "古い形式の Excel ブック（.xls）です", en: "an old-format Excel workbook (.xls)")
        case .pdf:
            what = LocalizedText(ja: " PDF です", en: "a PDF")
        case .image(let format):
            what = LocalizedText(ja: "画像（\(format)）です", en: "an image (\(format))")
        default:
            what = LocalizedText(ja: "文字のファイルでも Excel ブックでもありません", en: "neither a text file nor an Excel workbook")
        }
        return Diagnostic(
            code: .notATableFile, location: SourceLocation(file: file, line: 0),
            message: LocalizedText(ja: "このファイルは\(what.ja)。表として読めません", en: "this file is \(what.en); it cannot be read as a table"),
            hint: LocalizedText(
                ja: "Excel で開き「名前を付けて保存」で「Excel ブック (*.xlsx)」か「CSV UTF-8 (コンマ区切り)」を選んで保存し直してください。PDF や画像なら、数値を様式（groupprod template）に入力してください",
                en:
                    "open it in Excel and use Save As with \"Excel Workbook (*.xlsx)\" or \"CSV UTF-8 (Comma delimited)\"; for a PDF or an image, type the figures into the form (groupprod template)"
            ))
    }

    static func brokenUTF16(_ file: String) -> Diagnostic {
        Diagnostic(
            code: .undecodableBytes, location: SourceLocation(file: file, line: 0),
            message: LocalizedText(ja: "UTF-16（Unicode テキスト）として読めない文字があります", en: "the file holds bytes that are not valid UTF-16 (Unicode text)"),
            hint: LocalizedText(
                ja: "Excel で「CSV UTF-8 (コンマ区切り)」形式で保存し直してください",
                en: "save the file again from Excel as \"CSV UTF-8 (Comma delimited)\""))
    }

    static func unreadableWorkbook(_ file: String, _ error: XLSXReadError) -> Diagnostic {
        let why: LocalizedText
        switch error {
        case .notAWorkbook:
            why = LocalizedText(ja: "zip 形式ですが Excel ブック（.xlsx）ではありません", en: "it is a zip archive but not an Excel workbook (.xlsx)")
        case .tooLarge(let entry, let limit):
            why = LocalizedText(
                ja: "展開すると上限（\(limit >> 20) MiB）を超える部分（\(entry)）があります",
                en: "a part (\(entry)) expands past the \(limit >> 20) MiB limit")
        case .malformed(let part):
            why = LocalizedText(ja: "ブックが壊れています（\(part) を読めません）", en: "the workbook is damaged (\(part) cannot be read)")
        case .noSheet:
            why = LocalizedText(ja: "ブックにシートがありません", en: "the workbook has no sheet")
        case .parserMissing(let reason):
            // Not the file's fault: this machine lacks the XML library; the hint says what to install.
            // The loader's reason names the file it tried.
            return Diagnostic(
                code: .workbookUnreadable, location: SourceLocation(file: file, line: 0),
                message: LocalizedText(
                    ja: "Excel ブックを読むためのライブラリ libxml2 を読み込めません（\(reason)）",
                    en: "libxml2, the library that reads Excel workbooks, could not be loaded (\(reason))"),
                hint: LocalizedText(
                    ja: "libxml2 をインストールしてください（sudo apt-get install libxml2）。または、ブックを「CSV UTF-8 (コンマ区切り)」形式で保存してください",
                    en: "install libxml2 (sudo apt-get install libxml2), or save the workbook as \"CSV UTF-8 (Comma delimited)\""))
        }
        return Diagnostic(
            code: .workbookUnreadable, location: SourceLocation(file: file, line: 0),
            message: LocalizedText(ja: "Excel ブックを読めません: \(why.ja)", en: "the Excel workbook cannot be read: \(why.en)"),
            hint: LocalizedText(
                ja: "Excel で開いて保存し直すか、「CSV UTF-8 (コンマ区切り)」形式で保存してください",
                en: "open and save it again in Excel, or save it as \"CSV UTF-8 (Comma delimited)\""))
    }
}

/// Excel's stored number text made plain decimal, exactly (no `Double`): `1.5E-2` → `0.015`.
/// Excel keeps 15 significant digits of what was typed; a formula result may be stored with 17
/// (`0.30000000000000004`, binary noise), so more than 15 are rounded half away from zero to 15 —
/// the figure Excel shows and writes to CSV.
enum XLSXNumber {
    static func plain(_ stored: String) -> String? {
        var bytes = Array(stored.utf8)
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes.removeFirst()
        }
        var mantissa = bytes[...]
        var exponent = 0
        if let e = bytes.firstIndex(where: { $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "e") }) {
            guard let value = Int(String(decoding: bytes[(e + 1)...], as: UTF8.self)), abs(value) <= 400 else { return nil }
            exponent = value
            mantissa = bytes[..<e]
        }
        var digits: [UInt8] = []
        var pointAt: Int?
        for byte in mantissa {
            if byte == UInt8(ascii: ".") {
                guard pointAt == nil else { return nil }
                pointAt = digits.count
            } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                digits.append(byte - UInt8(ascii: "0"))
            } else {
                return nil
            }
        }
        guard !digits.isEmpty else { return nil }
        // value = digits × 10^(point - count + exponent)
        var scale = (pointAt ?? digits.count) - digits.count + exponent
        while digits.count > 1, digits.first == 0 { digits.removeFirst() }
        let significant = digits.count - (digits.firstIndex { $0 != 0 } ?? digits.count)
        if significant > 15 {
            let drop = digits.count - 15
            let roundUp = digits[digits.count - drop] >= 5
            digits.removeLast(drop)
            scale += drop
            if roundUp {
                var i = digits.count - 1
                while i >= 0 {
                    if digits[i] == 9 {
                        digits[i] = 0
                        i -= 1
                    } else {
                        digits[i] += 1
                        break
                    }
                }
                if i < 0 { digits.insert(1, at: 0) }
            }
        }
        // Written as bytes: a String a digit (its `description`, about 1% of a workbook folder's
        // samples in `perf record`) and Characters joined.
        let zero = UInt8(ascii: "0")
        let ascii = digits.map { $0 + zero }
        var text: [UInt8]
        if scale >= 0 {
            text = ascii + repeatElement(zero, count: digits.allSatisfy { $0 == 0 } ? 0 : scale)
        } else {
            let fraction = -scale
            let padded = fraction >= ascii.count ? Array(repeating: zero, count: fraction - ascii.count + 1) + ascii : ascii
            text = Array(padded[..<(padded.count - fraction)])
            var part = padded[(padded.count - fraction)...]
            while part.last == zero { part.removeLast() }
            if !part.isEmpty { text += [UInt8(ascii: ".")] + part }
        }
        if text.allSatisfy({ $0 == zero }) { return "0" }
        return String(decoding: (negative ? [UInt8(ascii: "-")] : []) + text, as: UTF8.self)
    }
}
