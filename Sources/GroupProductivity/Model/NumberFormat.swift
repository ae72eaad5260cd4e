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
        group(String(format: "%.\(places)f", value))
    }

    /// Inserts commas into the integer part of a plain decimal string.
    public static func group(_ plain: String) -> String {
        // A plain ASCII number (what the formatters above give) is grouped on its bytes.
        let bytes = Array(plain.utf8)
        let start = bytes.first == UInt8(ascii: "-") ? 1 : 0
        let point = bytes[start...].firstIndex(of: UInt8(ascii: ".")) ?? bytes.endIndex
        if bytes.allSatisfy({ $0 < 0x80 }), point > start {
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + (point - start) / 3)
            out.append(contentsOf: bytes[..<start])
            for i in start..<point {
                if i > start && (point - i) % 3 == 0 { out.append(UInt8(ascii: ",")) }
                out.append(bytes[i])
            }
            out.append(contentsOf: bytes[point...])
            return String(decoding: out, as: UTF8.self)
        }
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
