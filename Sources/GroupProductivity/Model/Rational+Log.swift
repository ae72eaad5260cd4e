import BigInt
import Foundation

extension Rational {
    /// ln(|value|) for positive values, accurate to Double precision even when numerator and
    /// denominator are far beyond Double's range (display and estimates only).
    var naturalLog: Double {
        // Parts below 2^53 are exact doubles: the same two logarithms without BigUInt.
        if let (n, d) = parts, n.magnitude < 1 << 53, d < 1 << 53 {
            return Foundation.log(Double(n.magnitude)) - Foundation.log(Double(d))
        }
        return Rational.log(numerator.magnitude) - Rational.log(denominator.magnitude)
    }

    private static func log(_ value: BigUInt) -> Double {
        let shift = max(0, value.bitWidth - 64)
        return Foundation.log(Double(value >> shift)) + Double(shift) * M_LN2
    }
}
