import GroupProductivity
import SafeFiles

/// Something that speaks the user's language: `t("日本語", "English")` picks one.
public protocol Bilingual {
    var language: Language { get }
}

extension Bilingual {
    public func t(_ ja: String, _ en: String) -> String { language == .ja ? ja : en }
}

/// Every sentence the reports say, in Japanese and English, built from the analysis' facts.
/// The analysis holds exact values and codes; this is the one place they become words.
public struct Words: Sendable {
    public var language: Language

    public init(_ language: Language) { self.language = language }

    public func t(_ ja: String, _ en: String) -> String { language == .ja ? ja : en }

    public func period(_ p: Period) -> String { PeriodText.name(p, language) }

    public func method(_ m: GroupMethod) -> String {
        switch m {
        case .mean: t("算術平均（公募要領 §6-3・公式計算ツール）", "arithmetic mean (guidelines §6-3, official calculator)")
        case .geometric: t("幾何平均（公募要領 §2-2-1(5)(オ)二）", "geometric mean (guidelines §2-2-1(5)(オ)二)")
        case .pooled: t("合算（Σ付加価値額 ÷ Σ労働時間、分析用）", "pooled (Σ value added ÷ Σ labour hours, analysis only)")
        }
    }

    public func thresholdReason(_ threshold: Threshold) -> String {
        if threshold.raisedBy.isEmpty {
            return t("標準の目標（過去の交付決定を受けた構成員なし）", "the standard target (no member had a prior grant decision)")
        }
        let names = threshold.raisedBy.map { "\($0.id) \($0.name)" }.joined(separator: ", ")
        return t(
            "IT導入補助金2023・2024 の通常枠または複数社連携IT導入枠で交付決定を受けた構成員がいるため: \(names)",
            "a member received a grant decision in IT導入補助金2023/2024 (通常枠 or multi-company frame): \(names)")
    }

    public func verdict(_ v: Verdict) -> String {
        switch v {
        case .meets: t("目標達成", "meets the target")
        case .belowTarget: t("目標未達", "below the target")
        case .notComputable: t("算出不能", "cannot be computed")
        case .notYetReported: t("実績報告前", "not yet reported")
        }
    }

    public func met(_ value: Bool?) -> String {
        guard let value else { return t("算出不能", "n/a") }
        return value ? t("達成", "met") : t("未達", "missed")
    }

    public func role(_ r: Role) -> String { r == .representative ? t("代表事業者", "representative") : t("参画事業者", "participant") }

    /// The short role a terminal column has room for.
    public func shortRole(_ r: Role) -> String { r == .representative ? t("代表", "rep.") : t("参画", "part.") }

    /// Where a report year stands: "2年度目の報告期限 2027-01-31 まで あと71日（未提出: K03）".
    public func calendarStatus(_ e: ReportCalendar.Entry, report: GroupReport) -> String {
        let name = period(e.window.period)
        func who(_ ids: [MemberID]) -> String {
            let shown = ids.prefix(5).joined(separator: t("、", ", "))
            return ids.count > 5 ? shown + t(" ほか\(ids.count - 5)者", " and \(ids.count - 5) more") : shown
        }
        switch e.status {
        case .upcoming(let days):
            return t(
                "\(name)の報告期間は \(e.window.opens) から（あと\(days)日）、期限 \(e.window.closes)",
                "\(name) report window opens \(e.window.opens) (in \(days) days), closes \(e.window.closes)")
        case .due(let days, let missing):
            return t(
                "\(name)の報告期限 \(e.window.closes) まで あと\(days)日（未提出 \(missing.count)者: \(who(missing))）",
                "\(name) report due by \(e.window.closes), \(days) days left (\(missing.count) not yet sent: \(who(missing)))")
        case .submitted:
            return t("\(name)は全員提出済み", "\(name): every member has reported")
        case .overdue(let days, let missing):
            return t(
                "\(name)の報告期限 \(e.window.closes) を\(days)日過ぎています（未報告 \(missing.count)者: \(who(missing))。未報告は公表の対象）",
                "\(name) report window closed \(e.window.closes), \(days) days ago (\(missing.count) not reported: \(who(missing)); a missing report leads to publication)"
            )
        }
    }

    /// "K03 湯けむり土産①号店: 2年度目の実績値が未提出（期限まであと71日）".
    public func missingReport(_ m: MissingReport, name: String) -> String {
        let when: String =
            switch m.urgency {
            case .expected: t("他の構成員は提出済み", "other members have sent it")
            case .due(let days): t("報告期限まであと\(days)日", "\(days) days left in the window")
            case .overdue(let days): t("報告期限を\(days)日過ぎています", "the window closed \(days) days ago")
            }
        return t("\(m.member) \(name): \(period(m.period))の実績値が未提出（\(when)）", "\(m.member) \(name): no actuals for \(period(m.period)) (\(when))")
    }

    public func kind(_ k: ValueKind) -> String { k == .actual ? t("実績", "actual") : t("目標", "target") }

    private func memberName(_ id: MemberID, _ report: GroupReport?) -> String {
        guard let m = report?.members.roster.first(where: { $0.id == id }) else { return id }
        return "\(m.id) \(m.name)"
    }

    /// What an analysis in the planning period rests on, said once under its first table.
    public func basisNote(_ basis: AnalysisBasis) -> String? {
        switch basis {
        case .actuals: return nil
        case .plan:
            return t(
                "計画値による試算: 1年度目の実績がまだないため、各事業者の目標値（事業計画の数値）を実績とみなしています。",
                "On the plan: no member has reported year 1 yet, so each member's targets (its business plan) stand in for actuals.")
        }
    }

    /// On the plan, the members whose targets lack a report year: left out of the estimate.
    public func withoutPlanNote(_ members: [MemberID]) -> String? {
        guard !members.isEmpty else { return nil }
        let list = members.joined(separator: t("、", ", "))
        return t(
            "目標値のない事業者は試算に入っていません（報告期限前のため公表リスクには数えません）: \(list)",
            "Members without targets are left out of the estimate (not counted as missing reports: their reports are not due yet): \(list)")
    }

    public func notComputable(_ reason: NotComputableReason, period p: Period) -> String {
        let name = period(p)
        switch reason {
        case .noMatchedMembers:
            return t(
                "\(name): 事業実施前と\(name)の両方の実績値がある構成員がいないため、成長率を算出できません",
                "\(name): no member has actuals for both the base and \(name); the growth rate cannot be computed")
        case .baseNotPositive:
            return t(
                "\(name): 事業実施前のグループの労働生産性（付加価値額）が 0 以下のため、向上率を算出できません",
                "\(name): the group's base productivity (value added) is 0 or less; no ratio can be formed")
        case .productivityNotPositive:
            return t(
                "\(name): グループの労働生産性が 0 以下のため成長率を算出できません（目標未達）",
                "\(name): the group's productivity is 0 or less; no growth rate (the target is not met)")
        case .geometricNonPositive(let who):
            let list = who.joined(separator: ", ")
            return t(
                "\(name): 付加価値額が 0 以下の構成員（\(list)）がいるため、幾何平均を算出できません",
                "\(name): members with value added of 0 or less (\(list)); the geometric mean is undefined")
        case .noActuals(let year):
            return t("\(period(year))の実績値も目標値もないため計算できません", "no actuals and no targets for \(period(year))")
        }
    }

    public func risk(_ risk: Risk, in report: GroupReport?) -> String {
        let p = risk.period ?? .base
        switch risk.code {
        case .missingReport:
            let who = memberName(risk.memberID ?? "", report)
            return t(
                "「\(who)」の\(period(p))の実績値がありません（効果報告未提出は公表の対象。\(p == .base ? "各年度" : period(p))の計算から除外）",
                "\(who) has no actuals for \(period(p)) (a missing effect report leads to publication; left out of \(p == .base ? "every year's" : period(p) + "'s") ratio)"
            )
        case .cagrBelowThreshold:
            let official = risk.cagrOfficial.map { Percent.text($0) } ?? "-"
            let target = risk.threshold.map { Percent.text($0) } ?? "-"
            let stage =
                risk.isEarlyWarning
                ? t("早期警告: 2年度目で判定", "early warning: year 2 decides")
                : t("事業計画期間の結果", "the plan-period result")
            return t(
                "\(period(p))の年平均成長率 \(official) が目標 \(target) に届きません（\(stage)）",
                "\(period(p)) annual average growth \(official) is below the \(target) target (\(stage))")
        case .notComputable:
            return risk.reason.map { notComputable($0, period: p) } ?? t("算出不能", "cannot be computed")
        }
    }

    public func note(_ note: ReportNote, in report: GroupReport) -> String {
        switch note {
        case .representativeExcluded(let id):
            let who = memberName(id, report)
            return t(
                "代表事業者「\(who)」は ITツールを利用しないため計算に含めません（公募要領 §6-3）",
                "representative \"\(who)\" does not use the IT tool and is left out of the calculation (guidelines §6-3)")
        case .baseValueAddedNotPositive(let id):
            let who = memberName(id, report)
            return t(
                "「\(who)」は事業実施前の付加価値額が 0 以下のため、事業者単位の成長率は算出できません",
                "\(who) has base value added ≤ 0, so its own growth rate cannot be computed")
        case .year1MissedYear2Decides:
            return t("1年度目は目標未達でしたが、判定は2年度目の結果によります", "year 1 was below the target; the verdict rests on year 2")
        }
    }

    /// The spreadsheet view differs from the exact official figure for this year.
    public func spreadsheetDiffers(_ p: GroupPeriodResult) -> String? {
        guard p.spreadsheetDisagrees, let sheet = p.cagrSpreadsheet, let exact = p.cagrOfficial else { return nil }
        return t(
            "\(period(p.period)): 公式計算ツールを表計算ソフトで再計算すると \(Percent.text(sheet)) と表示されますが、厳密な値は \(Percent.text(exact)) です（表計算ソフトは15桁に丸めてから切り捨てるため）。判定は厳密な値によります",
            "\(period(p.period)): a spreadsheet recalculating the official calculator shows \(Percent.text(sheet)), but the exact figure is \(Percent.text(exact)) (spreadsheets round to 15 digits before truncating); the verdict follows the exact figure"
        )
    }

    /// Why a member is not in the year's calculation, short enough for a table cell.
    public func leftOut(_ reason: LeftOutReason, basis: AnalysisBasis) -> String {
        switch reason {
        case .notUsingTool:
            t("計算外: ITツールを利用しない代表事業者", "not in the calculation: a representative not using the tool")
        case .noFigures(let missing):
            basis == .plan && missing != .base
                ? t("計算外: \(period(missing))の目標値がない", "not in the calculation: no targets for \(period(missing))")
                : t("計算外: \(period(missing))の実績値がない", "not in the calculation: no actuals for \(period(missing))")
        }
    }

    public func impossibility(_ i: GoalSeek.Impossibility, period p: Period, basis: AnalysisBasis = .actuals) -> String {
        switch i {
        case .leftOut(let reason):
            leftOut(reason, basis: basis)
        case .cannotReachAlone:
            t(
                "この事業者だけでは届きません（付加価値額が 0 以下のため幾何平均で伸ばせない）",
                "this member alone cannot do it (value added of 0 or less cannot be scaled under the geometric mean)")
        case .unconfirmed:
            t("算出した額を判定で確認できませんでした", "the amount could not be confirmed against the verdict")
        case .beyondFigureLimits:
            t(
                "この事業者だけでは届きません（営業利益を上限の 1,000兆円にしても目標に届かない）",
                "this member alone cannot do it (short of the target even with operating profit at the 10^15-yen limit)")
        case .notComputable(let reason):
            notComputable(reason, period: p)
        }
    }

    public func operation(_ o: GroupProductivity.Operation) -> String {
        switch o {
        case .set(let v): "= \(NumberFormat.exact(v))"
        case .add(let d): (d.sign < 0 ? "− " : "+ ") + NumberFormat.exact(d.sign < 0 ? -d : d)
        case .scale(let f): "× \(f.terminatingDecimal ?? f.decimalString(places: 6))"
        }
    }

    public func adjustment(_ a: Adjustment) -> String {
        let who = a.member ?? t("全員", "all members")
        let when = a.period.map(period) ?? t("全年度", "every period")
        return "\(who) \(when) \(a.figure.name(language)) \(operation(a.operation))"
    }

    /// Why a file could not be written, with the system's real cause.
    public func writeError(_ e: WriteError) -> String {
        let cause: String =
            switch e.cause {
            case .exists: t("ファイルが既にあります（上書きするには --force）", "the file exists (use --force to overwrite it)")
            case .symbolicLink:
                t(
                    "シンボリックリンクです。リンク先には書きません（リンクを消すか、別の名前を指定してください）",
                    "it is a symbolic link, which is never written through (remove the link or choose another name)")
            case .notAFile:
                t(
                    "ファイルではありません（フォルダ・デバイス・名前付きパイプ）。置き換えないので、ファイルの名前を指定してください",
                    "not a file (a folder, a device or a named pipe), which is never replaced: give a file name")
            case .noSuchFolder: t("フォルダがありません", "the folder does not exist")
            case .permissionDenied: t("書き込みの権限がありません", "permission denied")
            case .noSpace: t("ディスクの空き容量がありません", "no space left on the device")
            case .readOnlyFileSystem: t("読み取り専用の場所です", "the file system is read-only")
            case .ioError: t("入出力エラー（ディスクや接続を確認してください）", "I/O error (check the disk or connection)")
            case .nameTooLong: t("ファイル名が長すぎます", "the file name is too long")
            case .other(let code, let text): t("書き込めません: \(text)（errno \(code)）", "cannot write: \(text) (errno \(code))")
            }
        return "\(e.path): \(cause)"
    }
}

/// Percent text for rates: 0.056 → "5.6%" (rounded half away from zero to `places`).
public enum Percent {
    public static func text(_ rate: Rational, places: Int = 1) -> String {
        (rate * Rational(100)).decimalString(places: places) + "%"
    }
    public static func text(_ rate: Double, places: Int = 1) -> String {
        NumberFormat.fixed(rate * 100, places: places) + "%"
    }
}
