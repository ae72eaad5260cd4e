import CFixedPoint
import Foundation

/// Number text for tables: thousands separators, fixed decimals, rounded half away from zero.
public enum NumberFormat {
    public static func grouped(_ value: Rational, places: Int) -> String {
        group(value.decimalString(places: places))
    }

    /// The exact value with thousands separators: 2250000 → 2,250,000; 1850.5 → 1,850.5.
    public static func exact(_ value: Rational) -> String {
        group(value.terminatingDecimal ?? value.decimalString(places: 6))
    }

    public static func grouped(_ value: Double, places: Int) -> String {
        group(fixed(value, places: places))
    }

    /// `value` as C's printf writes it with "%.<places>f" ("%+.<places>f" with `sign`): what
    /// `String(format:)` gave, which hands a double to the C library's snprintf too, but parses
    /// the format through CFString and boxes the arguments on every call (with `withVaList`, the
    /// boxing alone was a tenth of a 10,000-member report's HTML). The program never calls
    /// setlocale, so the C locale's decimal point applies, as it did.
    public static func fixed(_ value: Double, places: Int, sign: Bool = false) -> String {
        guard (0...40).contains(places) else { return String(format: sign ? "%+.\(places)f" : "%.\(places)f", value) }
        // 309 digits before the point at most (DBL_MAX), a sign, a point and 40 places.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { buffer in
            let length = Int(groupprod_fixed(buffer.baseAddress, buffer.count, value, Int32(places), sign ? 1 : 0))
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress, count: max(0, min(length, buffer.count - 1))), as: UTF8.self)
        }
    }

    /// Inserts commas into the integer part of a plain decimal string.
    public static func group(_ plain: String) -> String {
        // A plain ASCII number (what the formatters above give) is grouped on its bytes in place,
        // into a string made at its final size (copied into two arrays and then a string, every
        // figure of a large table cost a seventh of its Markdown).
        let grouped = plain.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            let start = bytes.first == UInt8(ascii: "-") ? 1 : 0
            let point = bytes[start...].firstIndex(of: UInt8(ascii: ".")) ?? bytes.endIndex
            guard point > start, !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            let commas = (point - start - 1) / 3
            guard commas > 0 else { return plain }
            return String(unsafeUninitializedCapacity: bytes.count + commas) { out in
                var o = 0
                for i in bytes.indices {
                    if i > start && i < point && (point - i) % 3 == 0 {
                        out[o] = UInt8(ascii: ",")
                        o += 1
                    }
                    out[o] = bytes[i]
                    o += 1
                }
                return o
            }
        }
        if let grouped, let grouped { return grouped }
        var text = Substring(plain)
        let negative = text.hasPrefix("-")
        if negative { text = text.dropFirst() }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var integer = String(parts[0])
        var out = ""
        while integer.count > 3 {
            out = "," + integer.suffix(3) + out
            integer = String(integer.dropLast(3))
        }
        out = integer + out
        if parts.count > 1 { out += "." + parts[1] }
        return (negative ? "-" : "") + out
    }
}
