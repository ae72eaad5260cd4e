import CSVCodec
import Foundation
import Testing

@testable import GroupProductivity

@Suite("CP932 from a table: a cell the table decodes is decoded as the decoder decodes it")
struct CP932TableTests {
    /// A cell of characters of every kind: ASCII, half-width katakana, two-byte characters with
    /// any lead and trail (NEC and IBM extensions, user-defined area, unassigned codes), and now
    /// and then a byte no decoder takes or a lead byte cut off at the end.
    static func cell(_ rng: inout SeededRandom) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 0...8, using: &rng) {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0, 1: bytes.append(UInt8.random(in: 0x20...0x7E, using: &rng))
            case 2: bytes.append(UInt8.random(in: 0xA1...0xDF, using: &rng))
            case 3: bytes.append([0x80, 0xA0, 0xFD, 0xFE, 0xFF, 0x7F, 0x00].randomElement(using: &rng)!)
            default:
                let lead = [UInt8(0x81), 0x82, 0x83, 0x84, 0x87, 0x88, 0x89, 0x93, 0x9F, 0xE0, 0xEA, 0xED, 0xEE, 0xF0, 0xFA, 0xFC]
                    .randomElement(using: &rng)!
                bytes += [Bool.random(using: &rng) ? lead : UInt8.random(in: 0x81...0xFC, using: &rng), UInt8.random(in: 0x3F...0xFD, using: &rng)]
            }
        }
        if Int.random(in: 0..<20, using: &rng) == 0 { bytes.append(0x88) }
        return bytes
    }

    @Test func tableDecodesAsTheDecoderDoes() {
        var rng = SeededRandom(state: 932)
        var answered = 0
        var refused = 0
        for n in 0..<30_000 {
            let bytes = Self.cell(&rng)
            let decoder = TextEncoding.cp932.decode(bytes).map { Array($0.utf8) }
            guard let table = bytes.withUnsafeBytes({ CP932Table.shared.utf8($0) }) else {
                refused += 1
                continue
            }
            answered += 1
            #expect(table == decoder, "cell \(n): \(bytes.map { String($0, radix: 16) })")
        }
        // Most cells are answered from the table; cells with a byte no decoder takes are not.
        #expect(answered > 10_000 && refused > 1_000, "answered \(answered), refused \(refused)")
    }

    /// The characters of Japanese member files are all in the table: NEC and IBM extensions
    /// (①, ㈱, 髙), the CP932 pairs 〜/～ and −/－, half-width katakana and the full-width space.
    @Test func memberFileCharactersAreInTheTable() throws {
        let text = "株式会社①㈱髙橋商店～－ｶﾌｪ\u{3000}八百屋"
        let bytes = try #require(text.data(using: .shiftJIS))
        let table = try #require(Array(bytes).withUnsafeBytes { CP932Table.shared.utf8($0) })
        #expect(String(decoding: table, as: UTF8.self) == TextEncoding.cp932.decode(Array(bytes)))
    }
}
