import ArgumentParser
import Foundation
import GroupPresentation
import GroupProductivity

/// Options of the consultant commands: which group, which year, which method.
struct AnalysisOptions: ParsableArguments {
    @OptionGroup var input: GroupInput

    @Option(name: .long, help: "対象年度 / report year: 1 or 2 (default: the latest reported).")
    var period: Int?

    @OptionGroup var methodOption: MethodOption
    var method: GroupMethod { methodOption.method }

    func validate() throws {
        if let period, !(1...2).contains(period) { throw ValidationError("--period は 1 か 2 / --period is 1 or 2") }
    }

    var chosenPeriod: Period? { period.flatMap(Period.init(rawValue:)) }

    /// Loads the group, printing its diagnostics; exits 1 when it has errors.
    func loadGroup(language: Language, terminal: Terminal) throws -> Group {
        let loaded = input.load(language: language)
        printDiagnostics(loaded.diagnostics, language: language, terminal: terminal)
        guard let group = loaded.group else { throw ExitCode(1) }
        return group
    }
}

extension Groupprod {
    struct WhatIf: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "whatif",
            abstract: "変更を加えたコピーで現状と比較 / Compare the group with changed copies of it (scenarios).",
            discussion: HelpText.reflow(
                """
                シナリオの CSV（列: シナリオ,事業者ID,年度,項目,変更）か --set で変更を指定します。グループのファイルは変更しません。
                変更: =2500000（設定）、+500000 / -500000（加減）、+10% / -3%（率）、*1.05（倍率）。事業者ID・年度の * は全員・全年度。
                項目: operating_profit, labour_cost, depreciation, headcount, hours_per_employee, value_added（付加価値額は営業利益で調整）。
                Scenario CSV columns: scenario, member_id, period, figure, change; or --set MEMBER:PERIOD:FIGURE:CHANGE.
                The group's files are never changed.

                例 / Examples:
                  groupprod whatif my-group --set 'M01:2:operating_profit:+10%'
                  groupprod whatif my-group --set '*:2:hours_per_employee:-3%' \\
                    --set 'M03:2:value_added:+2000000'
                  groupprod whatif my-group --scenario scenarios.csv --format json
                """)
        )

        @OptionGroup var analysis: AnalysisOptions

        @Option(name: .long, help: "シナリオの CSV / scenario file.")
        var scenario: String?

        @Option(name: .customLong("set"), help: "1つの変更 / one change: MEMBER:PERIOD:FIGURE:CHANGE (repeatable).")
        var changes: [String] = []

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if scenario == nil && changes.isEmpty {
                throw ValidationError("--scenario か --set を指定してください / give --scenario or --set")
            }
        }

        func run() throws {
            let terminal = Terminal()
            // In the planning period the scenarios change the plan (see Group.forAnalysis).
            let (group, basis) = try analysis.loadGroup(language: output.lang, terminal: terminal).forAnalysis()
            var scenarios: [Scenario] = []
            var problems: [Diagnostic] = []
            if let scenario {
                let read = ScenarioReader.read(path: scenario)
                scenarios += read.scenarios
                problems += read.diagnostics
            }
            if !changes.isEmpty {
                var adjustments: [Adjustment] = []
                for text in changes {
                    let (adjustment, errors) = ScenarioReader.parseSet(text)
                    problems += errors
                    if let adjustment { adjustments.append(adjustment) }
                }
                scenarios.append(Scenario(name: "--set", adjustments: adjustments))
            }
            let method = analysis.method
            var outcomes = [
                ScenarioOutcome(
                    scenario: Scenario(name: output.lang == .ja ? "現状" : "current", adjustments: []),
                    report: GroupReport(group: group, method: method))
            ]
            for s in scenarios {
                let applied = group.applying(s)
                problems += applied.problems
                outcomes.append(ScenarioOutcome(scenario: s, report: GroupReport(group: applied.group, method: method)))
            }
            printDiagnostics(problems, language: output.lang, terminal: terminal)
            if problems.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
            let period = analysis.chosenPeriod ?? outcomes[0].report.latestReportedPeriod ?? .year2
            let words = Words(output.lang)
            let document = ConsultingTables(words: words).whatIf(outcomes, period: period, basis: basis)
            try output.emit(
                document, terminal: terminal,
                table: { color, width in TerminalRenderer(words: words, color: color, width: width).render(document) },
                json: { ConsultingRenderer(language: output.lang).whatIfJSON(outcomes, period: period, basis: basis) })
        }
    }

    struct Target: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "target",
            abstract: "目標に必要な値を逆算 / What it takes to meet the target (goal seeking), exactly.",
            discussion: HelpText.reflow(
                """
                必要なグループ労働生産性、全員一律の付加価値額の増加率・労働時間の削減率（0.01% 単位）、事業者ごとに
                その事業者だけで必要な付加価値額（円未満切り上げ）。達成済みなら、下がっても達成を保てる幅。
                --grid で付加価値額の変化 × 労働時間の変化ごとの公式の年平均成長率。
                The required group productivity, the smallest uniform value-added increase and hours cut (to 0.01%),
                each member's value-added increase in yen if only that member changed (rounded up), or for a group
                that meets, the margin. --grid adds a sensitivity table.

                例 / Examples:
                  groupprod target SampleGroups/supply-chain-prior-grant
                  groupprod target my-group --period 1 --grid --lang en
                """)
        )

        @OptionGroup var analysis: AnalysisOptions

        @Flag(name: .long, help: "感応度の表 / add the sensitivity grid.")
        var grid = false

        @Option(name: .long, help: "表の付加価値額の変化（%）/ grid value-added changes in %, e.g. -10,-5,0,5,10,15,20.")
        var gridValueAdded = "-10,-5,0,5,10,15,20"

        @Option(name: .long, help: "表の労働時間の変化（%）/ grid hours changes in %, e.g. -10,-5,0,5,10.")
        var gridHours = "-10,-5,0,5,10"

        @OptionGroup var output: OutputOptions

        static func percents(_ text: String) throws -> [Int] {
            let values = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0! > -100 && $0! <= 1000 }) else {
                throw ValidationError("「\(text)」は -99〜1000 の整数のカンマ区切りではありません / \"\(text)\" is not a comma list of whole percents (-99 to 1000)")
            }
            return values.compactMap { $0 }
        }

        func validate() throws {
            _ = try Self.percents(gridValueAdded)
            _ = try Self.percents(gridHours)
        }

        func run() throws {
            let terminal = Terminal()
            let group = try analysis.loadGroup(language: output.lang, terminal: terminal)
            if grid || group.members.count > 20 {
                terminal.error(output.lang == .ja ? "計算中…\n" : "computing…\n")
            }
            let seek = GoalSeek(group: group, method: analysis.method, period: analysis.chosenPeriod)
            let table =
                grid
                ? SensitivityGrid(
                    group: group, method: analysis.method, period: seek.period,
                    valueAddedChanges: try Self.percents(gridValueAdded), hoursChanges: try Self.percents(gridHours)) : nil
            let words = Words(output.lang)
            let document = ConsultingTables(words: words).target(seek, grid: table)
            try output.emit(
                document, terminal: terminal,
                table: { color, width in TerminalRenderer(words: words, color: color, width: width).render(document) },
                json: { ConsultingRenderer(language: output.lang).targetJSON(seek, grid: table) })
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explain",
            abstract: "事業者ごとの寄与と方法別の判定 / Who lifts and who drags, and the verdict under each method.",
            discussion: HelpText.reflow(
                """
                算術平均では事業者 i の寄与 = (LPᵢ(n) − LPᵢ(0)) / N / LP_G(0)。合計は向上率 − 1。
                For the arithmetic mean member i contributes (LPᵢ(n) − LPᵢ(0)) / N / LP_G(0); they add up to the
                improvement ratio − 1. Also the verdict under mean, geometric and pooled side by side.

                例 / Examples:
                  groupprod explain SampleGroups/onsen-cp932
                  groupprod explain my-group --method pooled --format json
                """)
        )

        @OptionGroup var analysis: AnalysisOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let terminal = Terminal()
            let group = try analysis.loadGroup(language: output.lang, terminal: terminal)
            let attribution = Attribution(group: group, method: analysis.method, period: analysis.chosenPeriod)
            let words = Words(output.lang)
            let document = ConsultingTables(words: words).explain(attribution)
            try output.emit(
                document, terminal: terminal,
                table: { color, width in TerminalRenderer(words: words, color: color, width: width).render(document) },
                json: { ConsultingRenderer(language: output.lang).explainJSON(attribution) })
        }
    }
}
