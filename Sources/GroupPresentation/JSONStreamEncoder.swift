import GroupProductivity

/// A number written exactly as its decimal text (`14500000`, `0.056`), never through `Double`.
public struct JSONNumber: Encodable, Sendable, Equatable {
    public var text: String

    /// A terminating decimal exactly; any other rational (a repeating decimal) as the nearest
    /// `Double`. Nil stays nil, so the field is `null`.
    public init?(_ value: Rational?) {
        guard let value else { return nil }
        if let text = value.terminatingDecimal {
            self.text = text
        } else {
            let d = value.doubleValue
            guard d.isFinite else { return nil }
            self.text = "\(d)"
        }
    }

    public init(_ value: Int) { text = String(value) }

    init(text: String) { self.text = text }

    /// For encoders other than `JSONStreamEncoder`: the nearest `Double`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(Double(text) ?? .nan)
    }
}

/// Any `Optional`, told apart from other types by conformance.
private protocol AnyOptional {}
extension Optional: AnyOptional {}

extension KeyedEncodingContainer {
    /// A number, or `null` when there is none, without the generic optional path of
    /// `encodeIfPresent`, which looks up `Optional<T>`'s type metadata for every value.
    mutating func encode(orNull value: JSONNumber?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
}

/// A value written on one line (`{"id": "G1", "name": "…"}`, `[1, 2]`), with everything in it:
/// for tables of short rows, such as the portfolio's groups.
public protocol JSONInline {}

/// Writes `Encodable` values as JSON text while they encode: no tree of values is built, and keys
/// keep the order the type declares them in (Foundation's `JSONEncoder` orders them by hash).
/// Keys are converted from the Swift name to the schemas' snake_case (`memberID` → `member_id`),
/// optionals that are nil are written as `null` rather than left out (the schemas require every
/// key), non-finite doubles as `null`, and text is escaped as JSON requires, U+2028/2029 included.
/// Written by hand: no well-kept Swift library does ordered, streaming, null-keeping JSON.
///
/// Containers are written in the order they are used, as synthesized and hand-written
/// `encode(to:)` methods use them (depth first); a container is closed when its parent writes its
/// next value, or at the end.
public enum JSONStreamEncoder {
    /// The value as pretty-printed JSON (two-space indentation) and a final newline.
    public static func encode<T: Encodable>(_ value: T) -> String { encode(value, direct: true) }

    /// `direct: false` writes every value through its `encode(to:)`, for tests.
    static func encode<T: Encodable>(_ value: T, direct: Bool) -> String {
        var bytes: [UInt8] = []
        let sink = JSONSink(direct: direct) { bytes.append(contentsOf: $0) }
        sink.value(value, depth: 0, inline: value is JSONInline)
        sink.closeFrames(from: 0)
        sink.append("\n")
        sink.flush()
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The same text handed to `write` in pieces of about 64 KiB as it is produced, so that a large
    /// document goes to its file without ever being held whole.
    public static func encode<T: Encodable>(_ value: T, chunks write: @escaping ([UInt8]) -> Void) {
        let sink = JSONSink(flush: write)
        sink.value(value, depth: 0, inline: value is JSONInline)
        sink.closeFrames(from: 0)
        sink.append("\n")
        sink.flush()
    }

    /// `camelCase` to `snake_case`, a run of capitals as one word: `usesITTool` → `uses_it_tool`.
    /// Swift names are ASCII, so this works on bytes (Unicode case properties cost a quarter of a
    /// big report's time when asked for every key).
    static func snakeCase(_ key: String) -> String {
        let bytes = Array(key.utf8)
        func upper(_ b: UInt8) -> Bool { b >= 65 && b <= 90 }
        func lowerOrDigit(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 48 && b <= 57) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 4)
        for (i, b) in bytes.enumerated() {
            if upper(b) {
                let afterLower = i > 0 && lowerOrDigit(bytes[i - 1])
                let endsRun = i > 0 && upper(bytes[i - 1]) && i + 1 < bytes.count && bytes[i + 1] >= 97 && bytes[i + 1] <= 122
                if afterLower || endsRun { out.append(95) }
                out.append(b + 32)
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// JSON text as it is produced: bytes, handed on whenever a chunk is full.
public struct JSONOutput {
    private let produce: (_ write: @escaping ([UInt8]) -> Void) -> Void

    public init<T: Encodable>(_ document: T) {
        produce = { JSONStreamEncoder.encode(document, chunks: $0) }
    }

    /// Encodes the document, handing `write` each chunk in order.
    public func write(_ write: @escaping ([UInt8]) -> Void) { produce(write) }

    /// The whole text at once (for small documents and tests).
    public var text: String {
        var bytes: [UInt8] = []
        produce { bytes.append(contentsOf: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

final class JSONSink {
    // The sink is used from one thread, one call at a time: the run-time exclusivity checks on
    // these properties cost a tenth of a large report's encoding and can never fire.
    /// The chunk being filled, written in place: appending through an array cost a capacity and
    /// uniqueness check and a generic copy for every comma, brace and space.
    @exclusivity(unchecked) private var buffer: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var used = 0
    @exclusivity(unchecked) private var capacity: Int
    private let handOn: ([UInt8]) -> Void
    private static let chunk = 1 << 16
    /// Whether the types written for every member and period go straight to the sink (their
    /// `write(to:depth:inline:)`) rather than through their `encode(to:)`; tests compare both.
    let direct: Bool

    init(direct: Bool = true, flush: @escaping ([UInt8]) -> Void) {
        self.direct = direct
        handOn = flush
        capacity = Self.chunk + 4096
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
        arena.deallocate()
    }

    /// Makes room for `count` more bytes (a string longer than the room left).
    @inline(__always) private func reserve(_ count: Int) {
        if used + count > capacity { grow(count) }
    }

    private func grow(_ count: Int) {
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: used + count + Self.chunk)
        bigger.update(from: buffer, count: used)
        buffer.deallocate()
        buffer = bigger
        capacity = used + count + Self.chunk
    }

    @inline(__always) private func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (buffer + used).update(from: base, count: bytes.count)
        used += bytes.count
    }

    @inline(__always) private func write(_ byte: UInt8) {
        reserve(1)
        buffer[used] = byte
        used += 1
    }

    @inline(__always) private func flushIfFull() {
        if used >= Self.chunk { flush() }
    }

    @inline(__always) func append(_ text: String) {
        var text = text
        text.withUTF8 { write($0) }
        flushIfFull()
    }

    /// Text known when the program is built (punctuation, `null`), copied as bytes.
    @inline(__always) func append(_ text: StaticString) {
        write(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        flushIfFull()
    }

    /// A string as a JSON string: most need no escape and are copied as they are.
    func appendQuoted(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            // 0xE2 leads U+2028 and U+2029, which JSON allows but JavaScript does not.
            if bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xE2 }) {
                var quoted = Self.quote(String(decoding: bytes, as: UTF8.self))
                quoted.withUTF8 { write($0) }
            } else {
                write(0x22)
                write(bytes)
                write(0x22)
            }
        }
        flushIfFull()
    }

    func flush() {
        guard used > 0 else { return }
        handOn(Array(UnsafeBufferPointer(start: buffer, count: used)))
        used = 0
    }

    private struct Frame {
        var isObject: Bool
        var count = 0
        var inline: Bool
    }
    @exclusivity(unchecked) private var frames: [Frame] = []
    /// Every key's JSON name (quoted), one after another in memory the sink owns, converted once:
    /// written from here, a name costs no array's retain and release (a 100,000-member report:
    /// 16.83 -> 16.60 G instructions).
    @exclusivity(unchecked) private var arena = UnsafeMutablePointer<UInt8>.allocate(capacity: 1024)
    @exclusivity(unchecked) private var arenaCapacity = 1024
    @exclusivity(unchecked) private var arenaUsed = 0
    /// Where a name lies in `arena`.
    private struct NameSpan {
        var start: Int
        var count: Int
    }
    /// Each Swift key's JSON name.
    @exclusivity(unchecked) private var names: [String: NameSpan] = [:]
    /// The key last named at each depth and place in its object, with its JSON name.
    @exclusivity(unchecked) private var recent: [[(key: String, name: NameSpan)]] = []

    /// Closes the containers at `depth` and deeper.
    func closeFrames(from depth: Int) {
        while frames.count > depth {
            let frame = frames.removeLast()
            if frame.count > 0 && !frame.inline {
                append("\n" as StaticString)
                indent(frames.count)
            }
            append(frame.isObject ? "}" as StaticString : "]")
        }
    }

    func open(object: Bool, depth: Int, inline: Bool) {
        closeFrames(from: depth)
        append(object ? "{" as StaticString : "[")
        frames.append(Frame(isObject: object, inline: inline || (frames.last?.inline ?? false)))
    }

    /// Writes what comes before a value in the container at `depth`: a separator, and the key.
    func slot(depth: Int, key: String?) {
        closeFrames(from: depth + 1)
        guard depth < frames.count else { return }
        let inline = frames[depth].inline
        append(frames[depth].count == 0 ? (inline ? "" as StaticString : "\n") : (inline ? ", " : ",\n"))
        if !inline { indent(depth + 1) }
        let position = frames[depth].count
        frames[depth].count += 1
        if let key {
            let name = name(key, depth: depth, position: position)
            write(UnsafeBufferPointer(start: arena + name.start, count: name.count))
            append(": " as StaticString)
        }
    }

    /// The key's JSON name, quoted, as bytes. Objects of one type at one depth name the same keys
    /// in the same order, so the name last written at this depth and place is tried first: a
    /// comparison of two short strings, where the dictionary hashed the key for every value.
    private func name(_ key: String, depth: Int, position: Int) -> NameSpan {
        while recent.count <= depth { recent.append([]) }
        if position < recent[depth].count, recent[depth][position].key == key { return recent[depth][position].name }
        let name: NameSpan
        if let known = names[key] {
            name = known
        } else {
            var quoted = Self.quote(JSONStreamEncoder.snakeCase(key))
            name = quoted.withUTF8 { bytes in
                if arenaUsed + bytes.count > arenaCapacity {
                    let size = max(arenaCapacity * 2, arenaUsed + bytes.count)
                    let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
                    larger.update(from: arena, count: arenaUsed)
                    arena.deallocate()
                    (arena, arenaCapacity) = (larger, size)
                }
                if let base = bytes.baseAddress { (arena + arenaUsed).update(from: base, count: bytes.count) }
                let start = arenaUsed
                arenaUsed += bytes.count
                return NameSpan(start: start, count: bytes.count)
            }
            names[key] = name
        }
        // An object's keys come at places 0, 1, 2, …, so the list at a depth is never short of
        // the place before this one.
        if position < recent[depth].count {
            recent[depth][position] = (key, name)
        } else {
            recent[depth].append((key, name))
        }
        return name
    }

    var isInline: Bool { frames.last?.inline ?? false }

    func count(at depth: Int) -> Int { depth < frames.count ? frames[depth].count : 0 }

    /// Writes a value whose slot is already written; `depth` is where its own container goes.
    func value<T: Encodable>(_ value: T, depth: Int, inline: Bool) {
        // Metatype comparisons first: a dynamic cast per value cost more than writing it.
        if direct, T.self == JSONDocuments.Report.MemberPeriod.self {
            unsafeBitCast(value, to: JSONDocuments.Report.MemberPeriod.self).write(to: self, depth: depth, inline: inline)
            return
        }
        if direct, T.self == JSONDocuments.Report.Member.self {
            unsafeBitCast(value, to: JSONDocuments.Report.Member.self).write(to: self, depth: depth, inline: inline)
            return
        }
        if T.self == JSONNumber.self {
            append(unsafeBitCast(value, to: JSONNumber.self).text)
            return
        }
        if T.self == String.self {
            appendQuoted(unsafeBitCast(value, to: String.self))
            return
        }
        if T.self == Double.self {
            append(double: unsafeBitCast(value, to: Double.self))
            return
        }
        if T.self == Bool.self {
            append(bool: unsafeBitCast(value, to: Bool.self))
            return
        }
        if T.self == Int.self {
            append(String(unsafeBitCast(value, to: Int.self)))
            return
        }
        let facts = self.facts(T.self)
        // Only an optional can turn out to hold a Bool, Double or Int (the casts unwrap it); for
        // any other type the three casts failed, one after another, for every value written.
        if facts.optional {
            switch value {
            case let b as Bool:
                append(bool: b)
                return
            case let d as Double:
                append(double: d)
                return
            case let i as Int:
                append(String(i))
                return
            default: break
            }
        }
        // Encoding into this sink cannot fail: nothing here throws.
        try? value.encode(to: StreamEncoder(sink: self, depth: depth, inline: inline || facts.inline || (facts.optional && value is JSONInline)))
    }

    /// Direct writing, as `KeyedStream` writes a key and its value: `key` a Swift property name.
    func field(_ key: String, depth: Int, _ text: String?) {
        slot(depth: depth, key: key)
        if let text { appendQuoted(text) } else { append("null" as StaticString) }
    }
    func field(_ key: String, depth: Int, _ number: JSONNumber?) {
        slot(depth: depth, key: key)
        if let number { append(number.text) } else { append("null" as StaticString) }
    }
    func field(_ key: String, depth: Int, _ d: Double?) {
        slot(depth: depth, key: key)
        if let d { append(double: d) } else { append("null" as StaticString) }
    }
    func field(_ key: String, depth: Int, _ b: Bool) {
        slot(depth: depth, key: key)
        append(bool: b)
    }
    func field(_ key: String, depth: Int, _ i: Int) {
        slot(depth: depth, key: key)
        append(String(i))
    }

    /// A non-finite double (which JSON cannot hold) as `null`.
    private func append(double d: Double) { d.isFinite ? append("\(d)") : append("null" as StaticString) }

    private func append(bool b: Bool) { append(b ? "true" as StaticString : "false") }

    /// What the encoder needs to know of a type, found once per type (a conformance lookup per
    /// value written cost about a twentieth of a large report).
    private struct TypeFacts {
        var optional: Bool
        var inline: Bool
    }
    @exclusivity(unchecked) private var typeFacts: [ObjectIdentifier: TypeFacts] = [:]

    private func facts<T>(_ type: T.Type) -> TypeFacts {
        if let known = typeFacts[ObjectIdentifier(type)] { return known }
        let found = TypeFacts(optional: type is any AnyOptional.Type, inline: type is any JSONInline.Type)
        typeFacts[ObjectIdentifier(type)] = found
        return found
    }

    private func indent(_ level: Int) {
        reserve(2 * level)
        (buffer + used).initialize(repeating: 0x20, count: 2 * level)
        used += 2 * level
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
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

private struct StreamEncoder: Encoder {
    let sink: JSONSink
    let depth: Int
    let inline: Bool
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        sink.open(object: true, depth: depth, inline: inline)
        return KeyedEncodingContainer(KeyedStream(sink: sink, depth: depth))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        sink.open(object: false, depth: depth, inline: inline)
        return UnkeyedStream(sink: sink, depth: depth)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleStream(sink: sink, depth: depth) }
}

private struct SingleStream: SingleValueEncodingContainer {
    let sink: JSONSink
    let depth: Int
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { sink.append("null" as StaticString) }
    mutating func encode<T: Encodable>(_ value: T) throws { sink.value(value, depth: depth, inline: sink.isInline) }
}

private struct KeyedStream<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let sink: JSONSink
    let depth: Int
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws {
        sink.slot(depth: depth, key: key.stringValue)
        sink.append("null" as StaticString)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        sink.slot(depth: depth, key: key.stringValue)
        sink.value(value, depth: depth + 1, inline: false)
    }

    /// Nil is written as `null`: the schemas list every key, present or not.
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    // The common optionals are unwrapped here, each for its own type, so no `Optional<T>`
    // metadata is looked up for them.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try optional(value.map(Double.init), key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try optional(value, key) }
    mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try optional(value.map(Int.init), key) }
    mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try optional(value.map(Int.init), key) }
    mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try optional(value.map(Int.init), key) }
    mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try optional(value.map(Int.init), key) }
    mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try optional(value.map(String.init).map(JSONNumber.init(text:)), key) }
    mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try optional(value.map(Int.init), key) }
    mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try optional(value.map(Int.init), key) }
    mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try optional(value.map(Int.init), key) }
    mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try optional(value.map(String.init).map(JSONNumber.init(text:)), key) }

    private mutating func optional<T: Encodable>(_ value: T?, _ key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        sink.slot(depth: depth, key: key.stringValue)
        return StreamEncoder(sink: sink, depth: depth + 1, inline: false).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        sink.slot(depth: depth, key: key.stringValue)
        return StreamEncoder(sink: sink, depth: depth + 1, inline: false).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        sink.slot(depth: depth, key: "super")
        return StreamEncoder(sink: sink, depth: depth + 1, inline: false)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        sink.slot(depth: depth, key: key.stringValue)
        return StreamEncoder(sink: sink, depth: depth + 1, inline: false)
    }
}

private struct UnkeyedStream: UnkeyedEncodingContainer {
    let sink: JSONSink
    let depth: Int
    var codingPath: [any CodingKey] { [] }
    var count: Int { sink.count(at: depth) }

    mutating func encodeNil() throws {
        sink.slot(depth: depth, key: nil)
        sink.append("null" as StaticString)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        sink.slot(depth: depth, key: nil)
        sink.value(value, depth: depth + 1, inline: false)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        sink.slot(depth: depth, key: nil)
        return StreamEncoder(sink: sink, depth: depth + 1, inline: false).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        sink.slot(depth: depth, key: nil)
        return StreamEncoder(sink: sink, depth: depth + 1, inline: false).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        sink.slot(depth: depth, key: nil)
        return StreamEncoder(sink: sink, depth: depth + 1, inline: false)
    }
}
