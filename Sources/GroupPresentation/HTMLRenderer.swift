import CSVCodec
import Foundation
import GroupProductivity

/// One self-contained HTML file: no network, no external fonts or scripts. The verdict as a badge
/// that says it in words (colour is never the only signal), the target and why, risks, the tables,
/// and inline SVG charts with titles and text alternatives. Prints on A4 without cut tables.
public struct HTMLRenderer {
    public var words: Words
    public init(words: Words) { self.words = words }

    /// - Parameter attribution: each member's contribution (from `explain`), drawn when given.
    public func render(_ report: GroupReport, tables: ReportTables, heading: String, attribution: Attribution? = nil) -> String {
        var out = ""
        write(report, tables: tables, heading: heading, attribution: attribution) { out += $0 }
        return out
    }

    /// The report's page in pieces of about 64 KiB, as it is made: a large group's page (every
    /// member a table row and a bar in each chart) is never held whole.
    public func write(
        _ report: GroupReport, tables: ReportTables, heading: String, attribution: Attribution? = nil, _ piece: (String) -> Void
    ) {
        withoutActuallyEscaping(piece) { piece in
            var out = Pieces(take: piece)
            page(report, tables: tables, heading: heading, attribution: attribution, &out)
            out.finish()
        }
    }

    func page(_ report: GroupReport, tables: ReportTables, heading: String, attribution: Attribution?, _ out: inout Pieces) {
        let w = words
        let ok = report.verdict == .meets && !report.publicationRisk
        out.add(head(title: heading))
        out.add("<header><h1>\(esc(heading))</h1>\n")
        out.add("<p class=\"badge \(ok ? "ok" : "bad")\" role=\"status\">\(ok ? "✔" : "✖") \(esc(w.verdict(report.verdict)))")
        out.add(" — \(esc(w.t("公表リスク", "publication risk"))): \(esc(report.publicationRisk ? w.t("あり", "yes") : w.t("なし", "none")))</p>\n")
        out.add("<p>\(esc(w.t("目標", "Target"))): \(esc(Percent.text(report.threshold.rate))) — \(esc(w.thresholdReason(report.threshold)))</p></header>\n")
        if !tables.risks.rows.isEmpty { table(tables.risks, &out) }
        out.add("<section class=\"charts\">\n")
        memberChart(report, &out)
        out.add(pathChart(report))
        if let attribution { contributionChart(attribution, &out) }
        out.add("</section>\n")
        for t in [tables.summary] + (tables.calendar.map { [$0] } ?? []) + [tables.group, tables.plans, tables.members] where !t.rows.isEmpty {
            table(t, &out)
        }
        out.add(foot(footer: "groupprod — " + w.method(report.method)))
    }

    /// Any command's document as one page: its heading and its tables (notes under each).
    public func render(_ document: ReportDocument) -> String {
        var out = ""
        write(document) { out += $0 }
        return out
    }

    /// `render(document)` in pieces of about 64 KiB, as it is made.
    public func write(_ document: ReportDocument, _ piece: (String) -> Void) {
        withoutActuallyEscaping(piece) { piece in
            var out = Pieces(take: piece)
            out.add(head(title: document.heading))
            out.add("<header><h1>\(esc(document.heading))</h1></header>\n")
            for t in document.tables where !t.rows.isEmpty { table(t, &out) }
            out.add(foot(footer: "groupprod"))
            out.finish()
        }
    }

    /// Text gathered and handed on in pieces of at least 64 KiB (the last one shorter).
    struct Pieces {
        var take: (String) -> Void
        var text = UTF8Text()
        mutating func add(_ more: String) {
            text.append(more)
            if text.count >= 1 << 16 { take(text.take()) }
        }
        mutating func finish() {
            if text.count > 0 { take(text.take()) }
        }
    }

    /// The page up to and including `<body>`.
    func head(title: String) -> String {
        return """
            <!DOCTYPE html>
            <html lang="\(words.language == .ja ? "ja" : "en")">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(esc(title))</title>
            <style>
            body { font-family: "Hiragino Sans", "Noto Sans CJK JP", "Yu Gothic", "Meiryo", sans-serif; margin: 2em; color: #222; }
            h1 { font-size: 1.5em; margin: 0 0 .4em; } h2 { font-size: 1.15em; margin: 1.4em 0 .4em; }
            .badge { display: inline-block; padding: .35em .8em; border-radius: .4em; font-weight: bold; border: 2px solid; }
            .ok { background: #e6f4ea; border-color: #1e7b34; color: #1e5a2a; } .bad { background: #fdecea; border-color: #b3261e; color: #8c1d18; }
            table { border-collapse: collapse; margin: .3em 0 1em; font-size: .85em; }
            th, td { border: 1px solid #bbb; padding: .25em .5em; } th { background: #f0f0f0; text-align: left; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            p.note { font-size: .85em; color: #444; margin: 0 0 1em; }
            figure { margin: 1em 0; } figcaption { font-size: .85em; color: #444; }
            @page { size: A4; margin: 14mm; }
            @media print { body { margin: 0; } table, figure { page-break-inside: avoid; } tr { page-break-inside: avoid; } thead { display: table-header-group; } }
            </style>
            </head>
            <body>

            """
    }

    /// The footer and the end of the page.
    func foot(footer: String) -> String {
        return """
            <footer><p>\(esc(footer))</p></footer>
            </body>
            </html>

            """
    }

    /// Text for an element or an attribute value: controls made visible, then & < > " escaped.
    /// Escaped scalar by scalar: taken Character by Character, a quote or an angle bracket with a
    /// combining mark after it was one Character equal to none of the four and went out as it was.
    /// Text with none of them (nearly every cell) is returned without a walk.
    func esc(_ text: String) -> String {
        let text = TerminalText.visible(text)
        let special = { (byte: UInt8) in byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 }
        guard text.anyUTF8Byte(where: special) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    func table(_ t: ReportTable, _ out: inout Pieces) {
        out.add("<section><h2>\(esc(t.title))</h2>\n<table>\n<thead><tr>")
        out.add(t.columns.map { "<th scope=\"col\">\(esc($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n")
        // Each row's text appended piece by piece: made as an interpolated string per cell, mapped
        // and joined, a row cost several strings made and freed for each cell.
        for row in t.rows {
            out.add("<tr>")
            for c in row {
                out.add(c.isNumeric ? "<td class=\"n\">" : "<td>")
                out.add(esc(words.text(c)))
                out.add("</td>")
            }
            out.add("</tr>\n")
        }
        out.add("</tbody></table>\n")
        for note in t.notes { out.add("<p class=\"note\">\(esc(note))</p>\n") }
        out.add("</section>\n")
    }

    /// Each member's productivity, base against the latest reported year, sorted by the latest.
    func memberChart(_ report: GroupReport, _ out: inout Pieces) {
        let w = words
        guard let latest = report.latestReportedPeriod else { return }
        // Each row names its member by roster place (a 300,000-member group's results or labels,
        // made for every member at once, took 80 MB); the label is made when the row is written.
        // The rows are made at the roster's size, a place and the latest productivity each (the
        // base one is worked out again when its row is written), and sorted in place: grown by
        // doubling, sorted into a copy and mapped for the top, they peaked at 23 MB for 300,000
        // members, now 4.8 MB and the sort's scratch space.
        let members = report.members
        var sorted: [(place: Int32, year: Double)] = []
        sorted.reserveCapacity(members.count)
        var top = 1.0
        func base(_ i: Int) -> Double? { members.periodResult(i, .base, .actual)?.productivity.doubleValue }
        for i in members.indices {
            guard members.roster[i].inCalculation, let b = base(i), let y = members.periodResult(i, latest, .actual)?.productivity.doubleValue
            else { continue }
            sorted.append((Int32(i), y))
            top = max(top, b, y)
        }
        sorted.sort { $0.year > $1.year }
        let rows = sorted.lazy.map { (Int($0.place), base(Int($0.place))!, $0.year) }
        func caption(_ i: Int) -> String { "\(members.roster[i].id) \(members.roster[i].name)" }
        guard !rows.isEmpty else { return }
        let label = 230.0
        let width = 420.0
        let rowHeight = 26.0
        let height = Double(rows.count) * rowHeight + 40
        let title = w.t("事業者別の労働生産性（事業実施前と\(w.period(latest))、円/時間）", "Member productivity, base and \(w.period(latest)) (yen/h)")
        out.add(
            "<figure><svg role=\"img\" aria-labelledby=\"mc-t mc-d\" width=\"\(Int(label + width + 90))\" height=\"\(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"12\">"
        )
        out.add("<title id=\"mc-t\">\(esc(title))</title><desc id=\"mc-d\">")
        for (i, r) in rows.enumerated() {
            out.add((i == 0 ? "" : "; ") + esc("\(caption(r.0)): \(NumberFormat.grouped(r.1, places: 1)) → \(NumberFormat.grouped(r.2, places: 1))"))
        }
        out.add("</desc>")
        for (i, r) in rows.enumerated() {
            let y = Double(i) * rowHeight + 6
            var svg = "<text x=\"\(label - 6)\" y=\"\(y + 15)\" text-anchor=\"end\">\(esc(String(caption(r.0).prefix(18))))</text>"
            svg += "<rect x=\"\(label)\" y=\"\(y)\" width=\"\(max(0, r.1 / top * width))\" height=\"9\" fill=\"#9aa5b1\"/>"
            svg += "<rect x=\"\(label)\" y=\"\(y + 10)\" width=\"\(max(0, r.2 / top * width))\" height=\"9\" fill=\"#1f6feb\"/>"
            svg += "<text x=\"\(label + max(0, r.2 / top * width) + 4)\" y=\"\(y + 19)\">\(NumberFormat.grouped(r.2, places: 0))</text>"
            out.add(svg)
        }
        let ly = height - 14
        var svg =
            "<rect x=\"\(label)\" y=\"\(ly - 9)\" width=\"12\" height=\"9\" fill=\"#9aa5b1\"/><text x=\"\(label + 16)\" y=\"\(ly)\">\(esc(w.period(.base)))</text>"
        svg +=
            "<rect x=\"\(label + 110)\" y=\"\(ly - 9)\" width=\"12\" height=\"9\" fill=\"#1f6feb\"/><text x=\"\(label + 126)\" y=\"\(ly)\">\(esc(w.period(latest)))</text>"
        out.add(svg + "</svg><figcaption>\(esc(title))</figcaption></figure>\n")
    }

    /// The group's productivity path against the path the target requires: LP_G(0) × (1 + t)^n.
    func pathChart(_ report: GroupReport) -> String {
        let w = words
        guard let latest = report.latestReportedPeriod else { return "" }
        let years = Period.allCases.filter { $0 <= latest }
        // Each year is measured against the base of the same members (GroupPeriodResult.baseProductivity).
        guard let base = report.period(latest).baseProductivity ?? report.period(.base).productivity else { return "" }
        let actual: [Double?] = years.map { $0 == .base ? base : report.period($0).productivity }
        let rate = report.threshold.rate.doubleValue
        let required = years.map { base * pow(1 + rate, Double($0.rawValue)) }
        let values = actual.compactMap { $0 } + required
        let low = (values.min() ?? 0) * 0.97
        let high = (values.max() ?? 1) * 1.03
        let x0 = 70.0
        let width = 420.0
        let top = 20.0
        let height = 200.0
        func px(_ i: Int) -> Double { x0 + (years.count > 1 ? Double(i) / Double(years.count - 1) * width : 0) }
        func py(_ v: Double) -> Double { top + (high - v) / max(high - low, 1e-9) * height }
        let title = w.t("グループの労働生産性と目標の道筋（円/時間）", "Group productivity against the target path (yen/h)")
        var desc = years.enumerated().map { i, p in
            "\(w.period(p)): " + (actual[i].map { NumberFormat.grouped($0, places: 1) } ?? "-") + " / " + w.t("目標", "target") + " "
                + NumberFormat.grouped(required[i], places: 1)
        }.joined(separator: "; ")
        desc += " (" + w.t("目標", "target") + " " + Percent.text(report.threshold.rate) + ")"
        var svg =
            "<figure><svg role=\"img\" aria-labelledby=\"pc-t pc-d\" width=\"\(Int(x0 + width + 140))\" height=\"\(Int(top + height + 64))\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"12\">"
        svg += "<title id=\"pc-t\">\(esc(title))</title><desc id=\"pc-d\">\(esc(desc))</desc>"
        svg += "<line x1=\"\(x0)\" y1=\"\(top + height)\" x2=\"\(x0 + width)\" y2=\"\(top + height)\" stroke=\"#888\"/>"
        for (i, p) in years.enumerated() {
            svg += "<text x=\"\(px(i))\" y=\"\(top + height + 18)\" text-anchor=\"middle\">\(esc(w.period(p)))</text>"
        }
        let req = required.enumerated().map { "\(px($0.offset)),\(py($0.element))" }.joined(separator: " ")
        svg += "<polyline points=\"\(req)\" fill=\"none\" stroke=\"#b3261e\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>"
        let act = actual.enumerated().compactMap { i, v in v.map { "\(px(i)),\(py($0))" } }.joined(separator: " ")
        svg += "<polyline points=\"\(act)\" fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"3\"/>"
        for (i, v) in actual.enumerated() {
            if let v {
                svg +=
                    "<circle cx=\"\(px(i))\" cy=\"\(py(v))\" r=\"4\" fill=\"#1f6feb\"/><text x=\"\(px(i) + 6)\" y=\"\(py(v) - 6)\">\(NumberFormat.grouped(v, places: 0))</text>"
            }
        }
        let ly = top + height + 44
        svg +=
            "<line x1=\"\(x0)\" y1=\"\(ly)\" x2=\"\(x0 + 20)\" y2=\"\(ly)\" stroke=\"#1f6feb\" stroke-width=\"3\"/><text x=\"\(x0 + 24)\" y=\"\(ly + 4)\">\(esc(w.t("実績", "actual")))</text>"
        svg +=
            "<line x1=\"\(x0 + 110)\" y1=\"\(ly)\" x2=\"\(x0 + 130)\" y2=\"\(ly)\" stroke=\"#b3261e\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text x=\"\(x0 + 134)\" y=\"\(ly + 4)\">\(esc(w.t("目標の道筋", "target path")))</text>"
        return svg + "</svg><figcaption>\(esc(title)) — \(esc(desc))</figcaption></figure>\n"
    }

    /// Each member's contribution to the improvement (`Attribution`), largest first: bars to the
    /// right lift the group, to the left drag it; each bar is labelled with its signed value, so the
    /// direction never rests on colour alone.
    func contributionChart(_ a: Attribution, _ out: inout Pieces) {
        let w = words
        guard !a.shares.isEmpty else { return }
        let log = a.method == .geometric
        func value(_ d: Double) -> String { log ? NumberFormat.fixed(d, places: 5, sign: true) : (d >= 0 ? "+" : "") + Percent.text(d, places: 2) }
        let reach = max(a.shares.map { abs($0.contribution) }.max() ?? 0, 1e-12)
        let label = 230.0
        let half = 200.0
        let rowHeight = 20.0
        let axis = label + half + 60
        let height = Double(a.shares.count) * rowHeight + 16
        let title = w.t(
            "事業者ごとの寄与（\(w.period(a.period))、\(log ? "ln(向上率) への寄与" : "向上率 − 1 への寄与")）",
            "Contribution by member (\(w.period(a.period)), to \(log ? "ln(improvement ratio)" : "improvement ratio − 1"))")
        out.add(
            "<figure><svg role=\"img\" aria-labelledby=\"cc-t cc-d\" width=\"\(Int(axis + half + 80))\" height=\"\(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"12\">"
        )
        out.add("<title id=\"cc-t\">\(esc(title))</title><desc id=\"cc-d\">")
        for (i, share) in a.shares.enumerated() {
            out.add((i == 0 ? "" : "; ") + esc("\(share.member.id) \(share.member.name): \(value(share.contribution))"))
        }
        out.add("</desc>")
        out.add("<line x1=\"\(axis)\" y1=\"0\" x2=\"\(axis)\" y2=\"\(height - 8)\" stroke=\"#555\"/>")
        for (i, share) in a.shares.enumerated() {
            let y = Double(i) * rowHeight + 4
            let length = abs(share.contribution) / reach * half
            let x = share.contribution >= 0 ? axis : axis - length
            var svg = "<text x=\"\(label - 6)\" y=\"\(y + 12)\" text-anchor=\"end\">\(esc(String("\(share.member.id) \(share.member.name)".prefix(18))))</text>"
            svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(length)\" height=\"14\" fill=\"\(share.contribution >= 0 ? "#1f6feb" : "#b3261e")\"/>"
            let textX = share.contribution >= 0 ? axis + length + 4 : axis - length - 4
            svg += "<text x=\"\(textX)\" y=\"\(y + 12)\" text-anchor=\"\(share.contribution >= 0 ? "start" : "end")\">\(esc(value(share.contribution)))</text>"
            out.add(svg)
        }
        out.add("</svg><figcaption>\(esc(title))</figcaption></figure>\n")
    }
}
