import Foundation

/// The words accepted in a non-numeric cell, matched after NFKC folding and lower-casing.
struct Vocabulary<T: Sendable>: Sendable {
    var words: [String: T]
    var accepted: LocalizedText
    /// Each word's UTF-8 bytes (never empty): most cells are written exactly as a word of the list, and comparing
    /// bytes finds them without hashing (a String's hash of Japanese text normalises it first, and
    /// was a twentieth of a large portfolio's instructions). With each, its length and first eight
    /// bytes as one number, so that most words are told apart, and the short ones (実績, なし, 1)
    /// matched, by comparing two integers rather than by a `memcmp` call a word tried (callgrind on
    /// a 300-group portfolio, fixed hashing: memcmp 10.5M fewer instructions, some 0.6% of the
    /// run). Sorted, so that the order tried (and the count of instructions) does not follow the
    /// dictionary's per-process hash seed.
    private let spellings: [(count: Int, head: UInt64, utf8: [UInt8], value: T)]

    init(words: [String: T], accepted: LocalizedText) {
        self.words = words
        self.accepted = accepted
        spellings = words.map { word, value in
            let utf8 = Array(word.utf8)
            return (utf8.count, utf8.withUnsafeBytes(Vocabulary.head), utf8, value)
        }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The first eight bytes (fewer when shorter), the first lowest.
    @inline(__always) private static func head(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var head: UInt64 = 0
        for i in 0..<min(8, bytes.count) { head |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        return head
    }

    /// The word `bytes` spell exactly (UTF-8), or nil: what `parse` finds first, without a String
    /// (the words are distinct, so at most one matches).
    func exact(_ bytes: UnsafeRawBufferPointer) -> T? {
        guard let base = bytes.baseAddress else { return nil }
        let (count, head) = (bytes.count, Vocabulary.head(bytes))
        for word in spellings where word.count == count && word.head == head {
            if count <= 8 || word.utf8.withUnsafeBytes({ memcmp($0.baseAddress! + 8, base + 8, count - 8) == 0 }) { return word.value }
        }
        return nil
    }

    func parse(_ text: String) -> T? {
        var text = text
        if let value = text.withUTF8({ exact(UnsafeRawBufferPointer($0)) }) { return value }
        // Written another way (full-width, upper case, spaced, or decomposed): fold, then look up
        // (String's equality is canonical, so the dictionary finds canonically equal spellings).
        if let value = words[text] { return value }
        return words[text.precomposedStringWithCompatibilityMapping.lowercased().filter { !$0.isWhitespace }]
    }
}

/// The vocabularies, built once (generic types cannot hold static stored properties, and a
/// computed property rebuilt each dictionary for every cell read).
enum Vocabularies {}

extension Vocabulary where T == Role {
    static var role: Vocabulary<Role> { Vocabularies.role }
}

extension Vocabularies {
    static let role: Vocabulary<Role> = {
        Vocabulary(
            words: [
                "代表事業者": .representative, "代表": .representative, "代表者": .representative,
                "representative": .representative, "rep": .representative,
                "参画事業者": .participant, "参画": .participant, "参加事業者": .participant,
                "構成員": .participant, "participant": .participant,
            ],
            accepted: LocalizedText(ja: "代表事業者 / 参画事業者", en: "representative / participant"))
    }()
}

extension Vocabulary where T == Bool {
    static var yesNo: Vocabulary<Bool> { Vocabularies.yesNo }
}

extension Vocabularies {
    static let yesNo: Vocabulary<Bool> = {
        var words: [String: Bool] = [:]
        for w in ["あり", "有", "有り", "はい", "yes", "y", "true", "1", "○", "〇", "◯", "✓", "✔"] { words[w] = true }
        for w in ["なし", "無", "無し", "いいえ", "no", "n", "false", "0", "×", "✗", "-"] { words[w] = false }
        return Vocabulary(words: words, accepted: LocalizedText(ja: "あり / なし（空欄は既定値）", en: "yes / no (empty for the default)"))
    }()
}

extension Vocabulary where T == Period {
    static var period: Vocabulary<Period> { Vocabularies.period }
}

extension Vocabularies {
    static let period: Vocabulary<Period> = {
        var words: [String: Period] = [:]
        for w in ["0", "事業実施前", "実施前", "基準年度", "基準", "事業実施前年度", "base", "before"] { words[w] = .base }
        for w in ["1", "1年度目", "1年目", "1年度", "一年度目", "year1", "y1"] { words[w] = .year1 }
        for w in ["2", "2年度目", "2年目", "2年度", "二年度目", "year2", "y2"] { words[w] = .year2 }
        return Vocabulary(
            words: words,
            accepted: LocalizedText(
                ja: "事業実施前 / 1年度目 / 2年度目（または 0 / 1 / 2）",
                en: "0 (base) / 1 / 2"))
    }()
}

extension Vocabulary where T == ValueKind {
    static var kind: Vocabulary<ValueKind> { Vocabularies.kind }
}

extension Vocabularies {
    static let kind: Vocabulary<ValueKind> = {
        Vocabulary(
            words: [
                "実績": .actual, "実績値": .actual, "actual": .actual, "a": .actual,
                "目標": .target, "目標値": .target, "計画": .target, "計画値": .target, "target": .target,
                "plan": .target, "t": .target,
            ],
            accepted: LocalizedText(ja: "実績 / 目標（空欄は実績）", en: "actual / target (empty means actual)"))
    }()
}

/// How periods are named to the user.
public enum PeriodText {
    public static func name(_ period: Period, _ language: Language) -> String {
        switch (period, language) {
        case (.base, .ja): "事業実施前"
        case (.year1, .ja): "1年度目"
        case (.year2, .ja): "2年度目"
        case (.base, .en): "base"
        case (.year1, .en): "year 1"
        case (.year2, .en): "year 2"
        }
    }
}
