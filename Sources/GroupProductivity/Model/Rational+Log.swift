import BigInt
import Foundation

extension Rational {
    /// ln(|value|) for positive values, accurate to Double precision even when numerator and
    /// denominator are far beyond Double's range (display and estimates only).
    var naturalLog: Double {
        Rational.log(numerator.magnitude) - Rational.log(denominator.magnitude)
    }

    private static func log(_ value: BigUInt) -> Double {
        let shift = max(0, value.bitWidth - 64)
        return Foundation.log(Double(value >> shift)) + Double(shift) * M_LN2
    }
}
