import Testing

@testable import GroupProductivity

/// Issue 9: names that differ only where Excel, CP932 or a keyboard differ are the same name; a
/// real difference is still one, and the message says where.
@Suite("Member names")
struct MemberNameTests {
    @Test(arguments: [
        ("有限会社 山田〜商店", "有限会社 山田～商店"),  // 〜 U+301C written back by CP932 as ～ U+FF5E
        ("Ｋ−１ 工房", "K－1 工房"),  // − U+2212 vs － U+FF0D, full-width letters
        ("喫茶　ひだまり", "喫茶 ひだまり"),  // full-width space
        ("㈲丸正", "(有)丸正"),
        ("㈱髙橋屋旅館", "(株)髙橋屋旅館"),
        ("  湯元   鶴の湯 ", "湯元 鶴の湯"),
    ])
    func spellingsThatAreNotDifferences(a: String, b: String) {
        #expect(MemberNames.same(a, b))
    }

    @Test func realDifferencesStayAndAreLocated() {
        #expect(!MemberNames.same("髙橋屋旅館", "高橋屋旅館"))  // 髙 and 高 are different characters
        #expect(!MemberNames.same("山田商店", "山田商会"))
        #expect(MemberNames.firstDifference("山田商店", "山田商会") == 4)
    }

    @Test func aCP932FormWithAWaveDashCollectsWithoutConflict() throws {
        var roster = "事業者ID,事業者名,役割\n"
        var lines = [figureHeader]
        for i in 1...10 {
            let id = i < 10 ? "M0\(i)" : "M\(i)"
            roster += "\(id),\(i == 2 ? "有限会社 山田〜商店" : "会員\(i)"),\(i == 1 ? "代表事業者" : "参画事業者")\n"
            lines.append(figureLine(id, 0, op: "2000000"))
        }
        let figures = lines.joined(separator: "\n") + "\n"
        // m02.csv names M02 as a CP932 form comes back: ～ for 〜, and a full-width space.
        let temp = TempGroup(utf8: [
            "members.csv": roster, "f.csv": figures,
            "m02.csv": "事業者ID,事業者名,年度,種別,営業利益,人件費,減価償却費,従業員数,年間平均労働時間\nM02,有限会社　山田～商店,1,実績,2100000,12000000,500000,5,1800\n",
        ])
        let loaded = temp.load()
        #expect(loaded.errors.isEmpty, "\(loaded.errors.map(\.message.en))")
        #expect(loaded.group?.members.first { $0.id == "M02" }?.name == "有限会社 山田〜商店", "the roster's spelling is kept")
    }
}

/// The byte pre-check of `firstHostile` finds exactly what the character walk finds: every scalar
/// of the Basic Multilingual Plane (surrogates aside) and a few beyond, alone and between text.
@Suite("Text safety: hostile characters found by their bytes")
struct TextSafetyTests {
    @Test func firstHostileAgreesWithTheCharacterWalkOnEveryScalar() {
        let scalars = (0...0xFFFF).compactMap(Unicode.Scalar.init) + [Unicode.Scalar(0x1F600)!, Unicode.Scalar(0x10FFFF)!]
        var hostile = 0
        for scalar in scalars {
            let expected = TextSafety.isHostile(scalar) ? scalar : nil
            hostile += expected == nil ? 0 : 1
            #expect(TextSafety.firstHostile(in: String(scalar)) == expected)
            #expect(TextSafety.firstHostile(in: "山田" + String(scalar) + "商店") == expected)
        }
        // C0 (32), DEL and C1 (33), the bidirectional controls (5 + 4 + 2) and U+061C.
        #expect(hostile == 32 + 33 + 11 + 1)
        #expect(TextSafety.firstHostile(in: "a\u{202E}b\u{1B}") == "\u{202E}")
    }
}
