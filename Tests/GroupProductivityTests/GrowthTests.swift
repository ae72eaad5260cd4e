import BigInt
import Foundation
import SafeFiles
import Testing

@testable import GroupPresentation
@testable import GroupProductivity
@testable import GroupWorkflows

@Suite("Growth: exact verdicts and the calculator's ROUNDDOWN")
struct GrowthTests {
    static let fivePercent = Rational(5, 100)
    static let sixPercent = Rational(6, 100)

    @Test func exactlyFivePercentOverTwoYearsMeetsFive() {
        let growth = Growth(power: Rational(11025, 10000), root: 2)  // 1.05² = 1.1025
        #expect(growth.meets(Self.fivePercent))
        #expect(growth.official == Rational(50, 1000))
    }

    /// Three members whose value added each grows by exactly 10.25% at unchanged hours: the group
    /// grows exactly 5.0% a year. Found by a search in Python over IEEE doubles (scripts/oracle.py's
    /// Fractions confirm the exact ratio is 1.1025).
    static let trapValueAdded: [(base: Double, year2: Double, hours: Double)] =
        [(3_751_600, 4_136_139, 12_600), (2_230_000, 2_458_575, 1_950), (7_394_400, 8_152_326, 16_400)]

    /// The two-decimal CAGR the reports show beside the official figure is truncated exactly too,
    /// so it can never read above or below the official one at a knife edge. 1.05² = 1.1025 is
    /// exactly 5%; one part in 10^12 less is just under 5%.
    @Test func displayedCAGRIsTruncatedExactlyAndAgreesWithTheOfficialFigure() {
        let exact = Growth(power: Rational(11025, 10000), root: 2)
        #expect(exact.truncated(scale: 10_000) == Rational(5, 100))
        #expect(exact.official == Rational(5, 100))
        let below = Growth(power: Rational(11025, 10000) - Rational(1, BigInt(10).power(12)), root: 2)
        #expect(below.truncated(scale: 10_000) == Rational(499, 10_000))
        #expect(below.official == Rational(49, 1000))
        // Negative growth truncates toward zero: 0.95² = 0.9025 is exactly −5%.
        let fall = Growth(power: Rational(9025, 10000), root: 2)
        #expect(fall.truncated(scale: 10_000) == Rational(-5, 100))
        let fallMore = Growth(power: Rational(9025, 10000) - Rational(1, BigInt(10).power(12)), root: 2)
        #expect(fallMore.truncated(scale: 10_000) == Rational(-500, 10_000))
        #expect(fallMore.official == Rational(-50, 1000))
    }

    @Test func theFloatingPointTrapIsReal() {
        // What a spreadsheet computes in binary floating point (division and sqrt are correctly
        // rounded, so this is the same on every IEEE 754 machine).
        let lp0 = Self.trapValueAdded.map { $0.base / $0.hours }.reduce(0, +) / 3
        let lp2 = Self.trapValueAdded.map { $0.year2 / $0.hours }.reduce(0, +) / 3
        let cagr = (lp2 / lp0).squareRoot() - 1
        #expect(cagr == 0.04999999999999982)
        #expect((cagr * 1000).rounded(.towardZero) / 1000 == 0.049)
        // The exact rule: the same group grows exactly 5.0% and meets the target.
        let exact0 = Self.trapValueAdded.map { Rational(Int($0.base)) / Rational(Int($0.hours)) }.reduce(.zero, +)
        let exact2 = Self.trapValueAdded.map { Rational(Int($0.year2)) / Rational(Int($0.hours)) }.reduce(.zero, +)
        #expect(exact2 / exact0 == Rational(11025, 10000))
        let growth = Growth(power: exact2 / exact0, root: 2)
        #expect(growth.meets(Self.fivePercent))
        #expect(growth.official == Rational(50, 1000))
    }

    @Test func aHairBelowFivePercentFails() {
        // 1.1025 − 10⁻¹² : CAGR = 4.99999…%, official 4.9%.
        let p = Rational(11025, 10000) - Rational(1, 1_000_000_000_000)
        let growth = Growth(power: p, root: 2)
        #expect(!growth.meets(Self.fivePercent))
        #expect(growth.official == Rational(49, 1000))
        #expect(growth.cagr > 0.0499999)
    }

    @Test func exactlySixPercentMeetsSixButNotSeven() {
        let growth = Growth(power: Rational(11236, 10000), root: 2)  // 1.06²
        #expect(growth.meets(Self.sixPercent))
        #expect(!growth.meets(Rational(7, 100)))
        #expect(growth.official == Rational(60, 1000))
    }

    @Test func oneYearGrowthIsTheRatioMinusOne() {
        let growth = Growth(power: Rational(10569, 10000), root: 1)
        #expect(growth.official == Rational(56, 1000))
        #expect(abs(growth.cagr - 0.0569) < 1e-12)
    }

    @Test func negativeGrowthTruncatesTowardZero() {
        // √0.95 − 1 = −2.532…% → ROUNDDOWN(…, 3) = −0.025 (toward zero), not −0.026.
        #expect(Growth(power: Rational(95, 100), root: 2).official == Rational(-25, 1000))
        // exactly −10% stays −10%.
        #expect(Growth(power: Rational(9, 10), root: 1).official == Rational(-100, 1000))
        // 0.9²: exactly −10% a year over two years.
        #expect(Growth(power: Rational(81, 100), root: 2).official == Rational(-100, 1000))
    }

    @Test func noGrowthIsZero() {
        let growth = Growth(power: .one, root: 2)
        #expect(growth.official == .zero)
        #expect(!growth.meets(Self.fivePercent))
    }

    @Test func geometricRootsOverManyMembers() {
        // 50 members each exactly +5% a year over 2 years: P = 1.1025^50, root 100.
        let p = Rational(11025, 10000).power(50)
        let growth = Growth(power: p, root: 100)
        #expect(growth.meets(Self.fivePercent))
        #expect(growth.official == Rational(50, 1000))
        let less = Growth(power: p - Rational(1, 1_000_000), root: 100)
        #expect(!less.meets(Self.fivePercent))
        #expect(less.official == Rational(49, 1000))
    }

    @Test func hugeGrowthIsExactAndQuick() {
        #expect(Growth(power: Rational(1_000_000), root: 1).official == Rational(999_999_000, 1000))
        // A member going from ¥1 to ¥10¹⁵ of value added: P = 10³⁰ (k = 10³³ − 1000).
        let huge = BigInt(10).power(30)
        #expect(Growth(power: Rational(huge), root: 1).official == Rational(huge * 1000 - 1000, 1000))
        // √(10³⁰) − 1 = 10¹⁵ − 1 exactly.
        #expect(Growth(power: Rational(huge), root: 2).official == Rational(BigInt(10).power(15) * 1000 - 1000, 1000))
        // Just under a whole step: √(1.1025 × 10³⁰ − 1) truncates one tenth of a percent lower.
        let nearly = Rational(BigInt(11025) * BigInt(10).power(26) - 1)
        #expect(Growth(power: nearly, root: 2).official == Rational(BigInt(105) * BigInt(10).power(16) - 1001, 1000))
    }

    @Test func collapseToAlmostNothing() {
        // P = 10⁻³⁰: CAGR ≈ −100%, truncated toward zero: −99.9%.
        #expect(Growth(power: Rational(1, BigInt(10).power(30)), root: 2).official == Rational(-999, 1000))
    }

    @Test func thresholdIsSixWhenAMemberHadAPriorGrant() {
        let members = [
            Member(id: "A", name: "a", role: .representative),
            Member(id: "B", name: "b", role: .participant, priorGrant: true),
        ]
        let threshold = Threshold(members: members)
        #expect(threshold.rate == Self.sixPercent)
        #expect(threshold.raisedBy.map(\.id) == ["B"])
        #expect(Words(.ja).thresholdReason(threshold).contains("B b"))
        #expect(Threshold(members: [members[0]]).rate == Self.fivePercent)
    }
}
