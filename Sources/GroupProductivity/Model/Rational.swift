import BigInt

/// An exact rational number (numerator / denominator, denominator > 0, lowest terms).
///
/// Every figure the tool decides on is held as a `Rational`: member files give decimals
/// (`1,234.5` 千円), productivity is a quotient, the group figure a mean of quotients. Binary
/// floating point would turn an exact 5.0% growth into 4.99999…% and fail a group that passes
/// (domain.md §3, "Exactness"); `Double` is used for display only.
public struct Rational: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Word-sized parts are held as machine integers, so the common figure needs no BigInt at all;
    /// the form is canonical (`.small` whenever both parts fit), so derived equality and hashing hold.
    /// The big case is boxed: inline it would make every `Rational` 73 bytes, 80 in an array (two BigInts), where
    /// the common small one needs 17, and figures are held by the hundred thousand.
    enum Storage: Sendable, Hashable {
        case small(Int64, Int64)
        case big(BigParts)
    }
    final class BigParts: Sendable, Hashable {
        let numerator: BigInt
        let denominator: BigInt
        init(_ numerator: BigInt, _ denominator: BigInt) {
            self.numerator = numerator
            self.denominator = denominator
        }
        static func == (a: BigParts, b: BigParts) -> Bool { a.numerator == b.numerator && a.denominator == b.denominator }
        func hash(into hasher: inout Hasher) {
            hasher.combine(numerator)
            hasher.combine(denominator)
        }
    }
    let storage: Storage

    public var numerator: BigInt {
        switch storage {
        case .small(let n, _): BigInt(n)
        case .big(let b): b.numerator
        }
    }
    public var denominator: BigInt {
        switch storage {
        case .small(_, let d): BigInt(d)
        case .big(let b): b.denominator
        }
    }
    /// Both parts as machine integers, when they fit.
    @inline(__always) var parts: (Int64, Int64)? {
        if case .small(let n, let d) = storage { return (n, d) }
        return nil
    }

    public init(_ numerator: BigInt, _ denominator: BigInt = 1) {
        precondition(denominator != 0, "Rational with a zero denominator")
        // Most figures fit in a machine word, where gcd is far cheaper than on BigUInt.
        if let n = numerator.small, let d = denominator.small {
            self.init(small: n, d)
            return
        }
        var n = numerator
        var d = denominator
        if d < 0 {
            n.negate()
            d.negate()
        }
        if d != 1 {
            let g = BigInt(n.magnitude.greatestCommonDivisor(with: d.magnitude))
            if g > 1 {
                n /= g
                d /= g
            }
        }
        self.init(unreduced: n, d)
    }

    /// n / d with both in a machine word (|n|, |d| < 2^63, d ≠ 0), reduced without BigInt arithmetic.
    init(small n: Int64, _ d: Int64) {
        precondition(d != 0, "Rational with a zero denominator")
        var n = n
        var d = d
        if d < 0 {
            n = -n
            d = -d
        }
        // Most figures are whole yen: nothing to reduce, and no division to find that out.
        if d == 1 {
            storage = .small(n, 1)
            return
        }
        let g = Int64(Rational.gcd(n.magnitude, d.magnitude))
        if g > 1 {
            n /= g
            d /= g
        }
        storage = .small(n, d)
    }

    /// n / d already in lowest terms with d > 0, as `parts` gives them: nothing to reduce.
    init(lowestTerms n: Int64, _ d: Int64) {
        storage = .small(n, d)
    }

    public init(_ value: Int) {
        if value == .min { self.init(BigInt(value)) } else { self.init(small: Int64(value), 1) }
    }

    /// Euclid's gcd. (Stein's binary gcd was tried: in a harness over 2 million random pairs it
    /// took 38.5 against 43.1 ns a pair for operands of 2^40 and 2^20, 59.6 against 81.3 for 2^62
    /// and 2^40, but 16.2 against 11.2 for operands under 2^15 and 2^4, as hours over 10 are.)
    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var a = a
        var b = b
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    public static let zero = Rational(0)
    public static let one = Rational(1)

    /// `significand × 10^exponent`, exactly (exponent may be negative).
    public init(significand: BigInt, exponent: Int) {
        if exponent >= 0 {
            self.init(significand * BigInt(10).power(exponent))
        } else {
            self.init(significand, BigInt(10).power(-exponent))
        }
    }

    public var isZero: Bool { sign == 0 }
    public var sign: Int {
        switch storage {
        case .small(let n, _): n < 0 ? -1 : n == 0 ? 0 : 1
        case .big(let b): b.numerator < 0 ? -1 : b.numerator == 0 ? 0 : 1
        }
    }

    // Each operation first tries machine words with overflow checks and falls back to BigInt on
    // any overflow, so the result is exact either way (tests compare both paths).

    public static func + (a: Rational, b: Rational) -> Rational {
        // The same denominator (whole yen, most often): one addition, and a reduction only when
        // the denominator is not 1.
        if let (an, ad) = a.parts, let (bn, bd) = b.parts, ad == bd, let n = Rational.add(an, bn) {
            return ad == 1 ? Rational(storage: .small(n, 1)) : Rational(small: n, ad)
        }
        if let (an, ad) = a.parts, let (bn, bd) = b.parts,
            let x = Rational.mul(an, bd), let y = Rational.mul(bn, ad), let n = Rational.add(x, y), let d = Rational.mul(ad, bd)
        {
            return Rational(small: n, d)
        }
        if a.denominator == b.denominator { return Rational(a.numerator + b.numerator, a.denominator) }
        return Rational(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
    }
    public static func - (a: Rational, b: Rational) -> Rational { a + (-b) }
    public static prefix func - (a: Rational) -> Rational {
        if let (n, d) = a.parts { return Rational(storage: .small(-n, d)) }
        return Rational(unreduced: -a.numerator, a.denominator)
    }
    private init(storage: Storage) { self.storage = storage }
    public static func * (a: Rational, b: Rational) -> Rational {
        if let (an, ad) = a.parts, let (bn, bd) = b.parts,
            let n = Rational.mul(an, bn), let d = Rational.mul(ad, bd)
        {
            return Rational(small: n, d)
        }
        return Rational(a.numerator * b.numerator, a.denominator * b.denominator)
    }
    /// Division; the caller guarantees `b != 0` (every call site checks and reports first).
    public static func / (a: Rational, b: Rational) -> Rational {
        if let (an, ad) = a.parts, let (bn, bd) = b.parts,
            let n = Rational.mul(an, bd), let d = Rational.mul(ad, bn)
        {
            return Rational(small: n, d)
        }
        return Rational(a.numerator * b.denominator, a.denominator * b.numerator)
    }
    public static func < (a: Rational, b: Rational) -> Bool {
        if let (an, ad) = a.parts, let (bn, bd) = b.parts, ad == bd { return an < bn }
        if let (an, ad) = a.parts, let (bn, bd) = b.parts,
            let x = Rational.mul(an, bd), let y = Rational.mul(bn, ad)
        {
            return x < y
        }
        return a.numerator * b.denominator < b.numerator * a.denominator
    }

    /// Already in lowest terms with a positive denominator (negation keeps both).
    private init(unreduced n: BigInt, _ d: BigInt) {
        if let sn = n.small, let sd = d.small {
            storage = .small(sn, sd)
        } else {
            storage = .big(BigParts(n, d))
        }
    }

    /// Products and sums that stay within ±(2^63 − 1), or nil (Int64.min is excluded so that
    /// negating a result can never overflow).
    @inline(__always) private static func mul(_ a: Int64, _ b: Int64) -> Int64? {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        return o || r == .min ? nil : r
    }
    @inline(__always) private static func add(_ a: Int64, _ b: Int64) -> Int64? {
        let (r, o) = a.addingReportingOverflow(b)
        return o || r == .min ? nil : r
    }

    /// Σ values, added pairwise so that intermediate denominators stay balanced: summing thousands
    /// of productivities left to right makes one denominator grow with every term (quadratic time).
    /// Normalisation is lazy: while the partial sums fit in machine words they are added (and
    /// reduced) there; beyond that they are added unreduced and the one gcd is taken at the end,
    /// instead of a gcd on ever larger numbers after every addition.
    public static func sum<C: Collection>(_ values: C) -> Rational where C.Element == Rational {
        var level = Array(values)
        guard !level.isEmpty else { return .zero }
        if level.count > 64 { level = sharingDenominators(level) }
        var big: [(BigInt, BigInt)]?
        while level.count > 1 {
            var next: [Rational] = []
            next.reserveCapacity((level.count + 1) / 2)
            var i = 0
            while i + 1 < level.count {
                next.append(level[i] + level[i + 1])
                i += 2
            }
            if i < level.count { next.append(level[i]) }
            level = next
            if level.contains(where: { $0.parts == nil }) {
                big = level.map { ($0.numerator, $0.denominator) }
                break
            }
        }
        guard var terms = big else { return level[0] }
        while terms.count > 1 {
            var next: [(BigInt, BigInt)] = []
            next.reserveCapacity((terms.count + 1) / 2)
            var i = 0
            while i + 1 < terms.count {
                let (an, ad) = terms[i]
                let (bn, bd) = terms[i + 1]
                next.append(ad == bd ? (an + bn, ad) : (an * bd + bn * ad, ad * bd))
                i += 2
            }
            if i < terms.count { next.append(terms[i]) }
            terms = next
        }
        return Rational(terms[0].0, terms[0].1)
    }

    /// `terms` with those of one word-sized denominator added as numerators first, a term per
    /// denominator (in increasing order; terms in BigInt after them). A group's productivities
    /// repeat denominators (headcount × hours: 100,000 members had some 34,000), and every
    /// distinct one left in multiplies the unreduced denominator `sum` forms before its one gcd.
    static func sharingDenominators(_ terms: [Rational]) -> [Rational] {
        // Σ numerators a denominator, in a word while it fits, and in BigInt past that.
        var words: [Int64: Int64] = [:]
        var spilled: [Int64: BigInt] = [:]
        var big: [Rational] = []
        words.reserveCapacity(terms.count)
        for term in terms {
            guard let (n, d) = term.parts else {
                big.append(term)
                continue
            }
            let (total, overflow) = words[d, default: 0].addingReportingOverflow(n)
            if overflow {
                spilled[d, default: 0] += BigInt(words[d]!) + BigInt(n)
                words[d] = 0
            } else {
                words[d] = total
            }
        }
        return words.keys.sorted().map { d in
            let n = words[d]!
            guard let more = spilled[d] else { return Rational(small: n, d) }
            return Rational(more + BigInt(n), BigInt(d))
        } + big
    }

    /// Π values, multiplied pairwise for the same reason as `sum`.
    public static func product<C: Collection>(_ values: C) -> Rational where C.Element == Rational {
        pairwiseProduct(Array(values), one: .one, *)
    }

    /// (n/d)ᵏ = nᵏ/dᵏ, already in lowest terms: n and d share no prime, so neither do their powers
    /// (no gcd, which on the thousands-of-bits powers a growth test raises costs more than the power).
    public func power(_ exponent: Int) -> Rational {
        precondition(exponent >= 0)
        return Rational(unreduced: numerator.power(exponent), denominator.power(exponent))
    }

    /// The nearest `Double`, for display only. Exact for values Double can hold; otherwise the
    /// quotient of the two leading 60-bit parts, which keeps 15+ significant digits.
    public var doubleValue: Double {
        // Both parts within 2^53 are exact doubles: one correctly rounded division.
        if let (n, d) = parts, n.magnitude < 1 << 53, d < 1 << 53 {
            return Double(n) / Double(d)
        }
        let shift = max(0, max(numerator.magnitude.bitWidth, denominator.magnitude.bitWidth) - 900)
        let n = Double(numerator >> shift)
        let d = Double(denominator >> shift)
        return n / d
    }

    /// Floor of the value (toward −∞).
    public var floor: BigInt {
        let (q, r) = numerator.quotientAndRemainder(dividingBy: denominator)
        return r < 0 ? q - 1 : q
    }

    /// The exact decimal expansion when the denominator has only the factors 2 and 5
    /// (every scaled input does); nil otherwise.
    public var terminatingDecimal: String? {
        if let (n, d) = parts, let text = Rational.terminatingDecimal(n, d) { return text }
        return Rational.terminatingDecimal(big: numerator, denominator)
    }

    /// `terminatingDecimal` in BigInt arithmetic, for any size.
    static func terminatingDecimal(big numerator: BigInt, _ denominator: BigInt) -> String? {
        guard let places = decimalPlaces(denominator) else { return nil }
        let scaled = numerator * BigInt(10).power(places) / denominator
        return Rational.decimalString(scaled: scaled, places: places)
    }

    /// `terminatingDecimal` in machine words: nil when it does not terminate or a step would
    /// overflow (the BigInt path then decides, with the same answer).
    static func terminatingDecimal(_ n: Int64, _ d: Int64) -> String? {
        // Whole yen, most figures: the integer's own text.
        if d == 1 { return String(n) }
        guard let places = decimalPlaces(d) else { return nil }
        // n / d = n × (10^places / d) / 10^places, exactly: d divides 10^places.
        var factor: Int64 = 1
        for _ in 0..<places {
            let (f, o) = factor.multipliedReportingOverflow(by: 10)
            guard !o else { return nil }
            factor = f
        }
        guard let scaled = mul(n, factor / d) else { return nil }
        return decimalString(negative: scaled < 0, digits: String(scaled.magnitude), places: places)
    }

    /// The decimals `1 / d` needs when d > 0 has no prime factors but 2 and 5; nil otherwise.
    static func decimalPlaces<T: BinaryInteger>(_ d: T) -> Int? {
        var rest = d
        var twos = 0
        var fives = 0
        while rest % 2 == 0 {
            rest /= 2
            twos += 1
        }
        while rest % 5 == 0 {
            rest /= 5
            fives += 1
        }
        return rest == 1 ? max(twos, fives) : nil
    }

    /// The value rounded half away from zero to `places` decimals, as text (no exponent).
    public func decimalString(places: Int) -> String {
        // In machine words when n·10ᵖ·2 fits (every table cell of an ordinary group): the same
        // integer steps as below, each truncating toward zero as BigInt's do.
        if let (n, d) = parts, places >= 0, places <= 18 {
            var factor: Int64 = 1
            for _ in 0..<places { factor *= 10 }
            let (scaled, o1) = n.multipliedReportingOverflow(by: factor)
            let (twice, o2) = scaled.multipliedReportingOverflow(by: 2)
            if !o1 && !o2 && twice != .min {
                let q = twice / d
                let rounded = q >= 0 ? (q + 1) / 2 : (q - 1) / 2
                return Rational.decimalString(negative: rounded < 0, digits: String(rounded.magnitude), places: places)
            }
        }
        let factor = BigInt(10).power(places)
        let twice = numerator * factor * 2
        var scaled = twice / denominator
        scaled = scaled >= 0 ? (scaled + 1) / 2 : (scaled - 1) / 2
        return Rational.decimalString(scaled: scaled, places: places)
    }

    static func decimalString(scaled: BigInt, places: Int) -> String {
        decimalString(negative: scaled < 0, digits: String(scaled.magnitude), places: places)
    }

    /// `digits` (a magnitude) with the point `places` from the right, and the sign.
    /// On the digits' bytes (ASCII): placed Character by Character, this was a tenth of a large
    /// report's JSON.
    static func decimalString(negative: Bool, digits: String, places: Int) -> String {
        guard places > 0 else { return negative ? "-" + digits : digits }
        let d = Array(digits.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(d.count + places + 3)
        if negative { out.append(UInt8(ascii: "-")) }
        if d.count <= places {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: places - d.count))
            out.append(contentsOf: d)
        } else {
            out.append(contentsOf: d[..<(d.count - places)])
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: d[(d.count - places)...])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { terminatingDecimal ?? "\(numerator)/\(denominator)" }
}

/// A collection with at least one element, so an average over it can never divide by zero:
/// the only way to get one is the failable initialiser, which refuses an empty array.
public struct NonEmpty<Element: Sendable>: Sendable {
    public let elements: [Element]
    public init?(_ elements: [Element]) {
        guard !elements.isEmpty else { return nil }
        self.elements = elements
    }
    public var count: Int { elements.count }
}

extension Rational {
    /// The arithmetic mean Σxᵢ ÷ N (the calculator's `AVERAGE`); N ≥ 1 by the type.
    public static func mean(_ values: NonEmpty<Rational>) -> Rational {
        sum(values.elements) / Rational(values.count)
    }
}

extension BigInt {
    /// The value as an Int64 when its magnitude is below 2^63 (so it and its negation fit); nil otherwise.
    @inline(__always) var small: Int64? {
        let words = magnitude.words
        switch words.count {
        case 0: return 0
        case 1:
            let w = words[words.startIndex]
            guard w < 1 << 63 else { return nil }
            return sign == .minus ? -Int64(w) : Int64(w)
        default: return nil
        }
    }
}

/// Π values multiplied pairwise (a balanced tree), so the factors of each multiplication stay of
/// similar size, where left to right every step multiplies the whole product so far by a small one.
func pairwiseProduct<T>(_ values: [T], one: T, _ times: (T, T) -> T) -> T {
    var level = values
    guard !level.isEmpty else { return one }
    while level.count > 1 {
        var next: [T] = []
        next.reserveCapacity((level.count + 1) / 2)
        var i = 0
        while i + 1 < level.count {
            next.append(times(level[i], level[i + 1]))
            i += 2
        }
        if i < level.count { next.append(level[i]) }
        level = next
    }
    return level[0]
}

extension BigInt {
    /// Π values, multiplied pairwise (`pairwiseProduct`), without reducing anything.
    static func product(_ values: [BigInt]) -> BigInt { pairwiseProduct(values, one: 1, *) }
}
