import GroupProductivity

/// A JSON value with ordered keys and numbers kept as text, so that exact figures print exactly
/// (`14500000`, `0.056`) rather than through `Double`.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }

    static func exact(_ value: Rational?) -> JSONValue {
        guard let value else { return .null }
        if let text = value.terminatingDecimal { return .number(text) }
        return double(value.doubleValue)
    }

    static func double(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number("\(value)")
    }

    public func serialized() -> String {
        var out = ""
        write(to: &out, indent: 0)
        return out
    }

    /// Appends to one buffer: building nested strings and joining them is quadratic for big reports.
    func write(to out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): out += JSONValue.quote(s)
        case .array(let items):
            if items.isEmpty {
                out += "[]"
                return
            }
            out += "["
            for (i, item) in items.enumerated() {
                out += i == 0 ? "\n" : ",\n"
                JSONValue.indent(&out, indent + 1)
                item.write(to: &out, indent: indent + 1)
            }
            out += "\n"
            JSONValue.indent(&out, indent)
            out += "]"
        case .object(let pairs):
            if pairs.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            for (i, pair) in pairs.enumerated() {
                out += i == 0 ? "\n" : ",\n"
                JSONValue.indent(&out, indent + 1)
                out += JSONValue.quote(pair.0)
                out += ": "
                pair.1.write(to: &out, indent: indent + 1)
            }
            out += "\n"
            JSONValue.indent(&out, indent)
            out += "}"
        }
    }

    private static func indent(_ out: inout String, _ level: Int) {
        for _ in 0..<level { out += "  " }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
