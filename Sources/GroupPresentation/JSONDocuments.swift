import Foundation
import GroupProductivity

/// The JSON the tool writes, as types that mirror the published schemas in docs/ field by field
/// (Swift names in camelCase; `JSONStreamEncoder` writes them in snake_case, in this order).
/// Exact figures are `JSONNumber` (decimal text, never through `Double`); analysis figures that
/// are approximations by nature (productivities, CAGR before truncation) are `Double`. Words in
/// messages come from `Words`, in the language asked for. SchemaShapeTests checks each output
/// against its schema key by key, and verify-exports.sh with jsonschema.
public enum JSONDocuments {
    /// docs/report.schema.json (`report --format json`, `export --format json`).
    public struct Report: Encodable {
        public var schemaVersion = 2
        public var group: Group
        /// Made one member at a time as it is written (a report may have 100,000).
        public var members: EachOf<Member>
        public var planComparisons: EachOf<PlanComparison>
        public var calendar: Calendar?
        /// With an export record only; both keys are left out without one.
        public var warnings: [Warning]
        public var record: Record?

        enum CodingKeys: String, CodingKey { case schemaVersion, group, members, planComparisons, calendar, warnings, record }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(schemaVersion, forKey: .schemaVersion)
            try c.encode(group, forKey: .group)
            try c.encode(members, forKey: .members)
            try c.encode(planComparisons, forKey: .planComparisons)
            try c.encode(calendar, forKey: .calendar)
            if let record {
                try c.encode(warnings, forKey: .warnings)
                try c.encode(record, forKey: .record)
            }
        }

        public struct Group: Encodable {
            public var name: String
            public var projectName: String?
            public var representativeName: String?
            public var edition: Int?
            public var method: String
            public var threshold: JSONNumber?
            public var thresholdReason: String
            public var thresholdRaisedBy: [String]
            public var verdict: String
            public var latestReportedPeriod: Int?
            public var publicationRisk: Bool
            public var periods: [GroupPeriod]
            public var planProductivity: ByReportYear
            public var risks: [Risk]
            public var notes: [String]
        }

        /// `{"1": …, "2": …}`: a value per report year.
        public struct ByReportYear: Encodable {
            public var year1: JSONNumber?
            public var year2: JSONNumber?
            enum CodingKeys: String, CodingKey {
                case year1 = "1"
                case year2 = "2"
            }
        }

        public struct GroupPeriod: Encodable {
            public var period: Int
            public var reported: Bool
            public var productivity: Double?
            public var baseProductivity: Double?
            public var improvementRatio: Double?
            public var cagr: Double?
            public var cagrOfficial: JSONNumber?
            public var meetsThreshold: Bool?
            public var membersInCalculation: MemberIDList
            public var notComputableReason: String?
            public var cagrSpreadsheet: JSONNumber?
            public var spreadsheetDiffers: Bool
        }

        public struct Risk: Encodable {
            public var code: String
            public var period: Int?
            public var memberID: String?
            public var message: String
        }

        public struct Member: Encodable {
            public var id: String
            public var name: String
            public var role: String
            public var priorGrant: Bool
            public var usesITTool: Bool
            public var inCalculation: Bool
            public var periods: [MemberPeriod]
            public var targets: [MemberPeriod]
        }

        public struct MemberPeriod: Encodable {
            public var period: Int
            public var operatingProfit: JSONNumber?
            public var labourCost: JSONNumber?
            public var depreciation: JSONNumber?
            public var headcount: JSONNumber?
            public var hoursPerEmployee: JSONNumber?
            public var valueAdded: JSONNumber?
            public var labourHours: JSONNumber?
            public var productivity: Double?
            public var yoyGrowth: Double?
            public var cagr: Double?
            public var shortfallReason: String?

            enum CodingKeys: String, CodingKey {
                case period, operatingProfit, labourCost, depreciation, headcount, hoursPerEmployee, valueAdded, labourHours
                case productivity, yoyGrowth, cagr, shortfallReason
            }

            /// As synthesized, but each number through `encode(orNull:)`: written for every member
            /// and period, the generic optional path was a twentieth of a large report.
            public func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(period, forKey: .period)
                try c.encode(orNull: operatingProfit, forKey: .operatingProfit)
                try c.encode(orNull: labourCost, forKey: .labourCost)
                try c.encode(orNull: depreciation, forKey: .depreciation)
                try c.encode(orNull: headcount, forKey: .headcount)
                try c.encode(orNull: hoursPerEmployee, forKey: .hoursPerEmployee)
                try c.encode(orNull: valueAdded, forKey: .valueAdded)
                try c.encode(orNull: labourHours, forKey: .labourHours)
                try c.encodeIfPresent(productivity, forKey: .productivity)
                try c.encodeIfPresent(yoyGrowth, forKey: .yoyGrowth)
                try c.encodeIfPresent(cagr, forKey: .cagr)
                try c.encodeIfPresent(shortfallReason, forKey: .shortfallReason)
            }
        }

        public struct PlanComparison: Encodable {
            public var memberID: String
            public var period: Int
            public var planProductivity: Double?
            public var actualProductivity: Double?
            public var gap: Double?
            public var belowPlan: Bool
            public var shortfallReasonMissing: Bool
        }

        public struct Calendar: Encodable {
            public var edition: Int
            public var asOf: String
            public var nextPeriod: Int?
            public var entries: [Entry]

            public struct Entry: Encodable {
                public var period: Int
                public var yearStart: String
                public var yearEnd: String
                public var windowOpens: String
                public var windowCloses: String
                public var status: String
                public var days: Int?
                public var missingMemberIds: [String]
            }
        }

        public struct Warning: Encodable {
            public var code: String
            public var file: String?
            public var line: Int?
            public var column: Int?
            public var message: String
        }

        public struct Record: Encodable {
            public var tool = "groupprod"
            public var toolVersion: String
            public var generatedAt: String
            public var inputs: [Input]
        }
    }

    /// A file read, with its size and SHA-256.
    public struct Input: Encodable {
        public var path: String
        public var bytes: Int
        public var sha256: String

        init(_ f: InputFile) {
            path = f.path
            bytes = f.bytes
            sha256 = f.sha256
        }
    }

    /// `check --format json` (and every command's diagnostics in JSON).
    public struct Diagnostics: Encodable {
        public var schemaVersion = 1
        public var errors: Int
        public var warnings: Int
        public var diagnostics: [Item]
        public var missingReports: [MissingReport]

        public struct Item: Encodable {
            public var code: String
            public var severity: String
            public var file: String?
            public var sheet: String?
            public var line: Int?
            public var column: Int?
            public var columnName: String?
            public var rawValue: String?
            public var message: String
            public var hint: String?
        }

        public struct MissingReport: Encodable {
            public var memberID: String
            public var period: Int
            public var urgency: String
            public var days: Int?
        }
    }

    /// docs/whatif.schema.json.
    public struct WhatIf: Encodable {
        public var schemaVersion = 1
        public var period: Int
        public var method: String
        public var basis: String
        public var scenarios: [Scenario]

        public struct Scenario: Encodable {
            public var name: String
            public var changes: [Change]
            public var productivity: Double?
            public var baseProductivity: Double?
            public var cagr: Double?
            public var cagrOfficial: JSONNumber?
            public var threshold: JSONNumber?
            public var meetsThreshold: Bool?
            /// The verdict of the period asked about, as the table shows it.
            public var verdict: String
            /// The group's overall verdict (the latest reported year's) beside it.
            public var overallVerdict: String
            public var publicationRisk: Bool
            public var members: [MemberLevel]
        }

        public struct Change: Encodable {
            public var memberID: String?
            public var period: Int?
            public var figure: String
            public var change: String
        }

        public struct MemberLevel: Encodable {
            public var id: String
            public var productivity: Double?
        }
    }

    /// docs/target.schema.json.
    public struct Target: Encodable {
        public var schemaVersion = 1
        public var period: Int
        public var method: String
        public var basis: String
        public var threshold: JSONNumber?
        public var meetsThreshold: Bool
        public var currentProductivity: Double?
        public var requiredProductivity: Double?
        public var requiredProductivityIsApproximate: Bool
        public var uniformValueAddedIncrease: JSONNumber?
        public var uniformHoursCut: JSONNumber?
        public var uniformValueAddedMargin: JSONNumber?
        public var notComputableReason: String?
        public var members: [Member]
        /// With `--grid` only; the key is left out without it.
        public var grid: Grid?

        enum CodingKeys: String, CodingKey {
            case schemaVersion, period, method, basis, threshold, meetsThreshold, currentProductivity, requiredProductivity
            case requiredProductivityIsApproximate, uniformValueAddedIncrease, uniformHoursCut, uniformValueAddedMargin
            case notComputableReason, members, grid
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(schemaVersion, forKey: .schemaVersion)
            try c.encode(period, forKey: .period)
            try c.encode(method, forKey: .method)
            try c.encode(basis, forKey: .basis)
            try c.encode(threshold, forKey: .threshold)
            try c.encode(meetsThreshold, forKey: .meetsThreshold)
            try c.encode(currentProductivity, forKey: .currentProductivity)
            try c.encode(requiredProductivity, forKey: .requiredProductivity)
            try c.encode(requiredProductivityIsApproximate, forKey: .requiredProductivityIsApproximate)
            try c.encode(uniformValueAddedIncrease, forKey: .uniformValueAddedIncrease)
            try c.encode(uniformHoursCut, forKey: .uniformHoursCut)
            try c.encode(uniformValueAddedMargin, forKey: .uniformValueAddedMargin)
            try c.encode(notComputableReason, forKey: .notComputableReason)
            try c.encode(members, forKey: .members)
            if let grid { try c.encode(grid, forKey: .grid) }
        }

        /// One member's answer: the yen it may lose (`value_added_margin_yen`) when the group
        /// meets the target, or must add (`value_added_needed_yen`) when it does not.
        public struct Member: Encodable {
            public var id: String
            public var yen: JSONNumber?
            public var groupMeets: Bool
            public var shareOfValueAdded: Double?
            public var impossible: String?

            enum CodingKeys: String, CodingKey { case id, valueAddedMarginYen, valueAddedNeededYen, shareOfValueAdded, impossible }

            public func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(id, forKey: .id)
                try c.encode(yen, forKey: groupMeets ? .valueAddedMarginYen : .valueAddedNeededYen)
                try c.encode(shareOfValueAdded, forKey: .shareOfValueAdded)
                try c.encode(impossible, forKey: .impossible)
            }
        }

        public struct Grid: Encodable {
            public var valueAddedChanges: [JSONNumber?]
            public var hoursChanges: [JSONNumber?]
            public var cagrOfficial: [[JSONNumber?]]
            public var meetsThreshold: [[Bool]]
        }
    }

    /// docs/explain.schema.json.
    public struct Explain: Encodable {
        public var schemaVersion = 1
        public var period: Int
        public var method: String
        public var basis: String
        public var total: Double?
        public var contributions: [Contribution]
        public var leftOut: [LeftOut]
        public var methods: [Method]
        public var methodsDisagree: Bool

        public struct Contribution: Encodable {
            public var id: String
            public var name: String
            public var baseProductivity: Double?
            public var productivity: Double?
            public var contribution: Double?
        }

        /// A member without a contribution: `not_using_tool`, or `no_figures` for `period`.
        public struct LeftOut: Encodable {
            public var id: String
            public var name: String
            public var reason: String
            public var period: Int?
        }

        public struct Method: Encodable {
            public var method: String
            public var cagr: Double?
            public var cagrOfficial: JSONNumber?
            public var meetsThreshold: Bool?
        }
    }

    /// docs/portfolio.schema.json: a group per line.
    public struct Portfolio: Encodable {
        public var schemaVersion = "1"
        public var kind = "portfolio"
        public var asOf: String
        public var method: String
        public var groupCount: Int
        public var atRiskCount: Int
        public var groups: [Row]
        public var inputs: InlineList<Input>

        public struct Row: Encodable, JSONInline {
            public var id: String
            public var name: String
            public var source: String
            public var members: Int?
            public var threshold: JSONNumber?
            public var cagrOfficialYear1: JSONNumber?
            public var cagrOfficialYear2: JSONNumber?
            public var meetsYear1: Bool?
            public var meetsYear2: Bool?
            public var verdict: String?
            public var atRisk: Bool
            public var risks: [String]
            public var edition: Int?
            public var nextReport: Int?
            public var daysToDeadline: Int?
            public var errors: Int
            public var warnings: Int
        }
    }

    /// An array whose elements are made as they are written, from `count` and a function of the
    /// index: a document over a large report never holds every element's JSON type at once.
    public struct EachOf<Element: Encodable>: Encodable {
        public let count: Int
        private let element: (Int) -> Element

        public init<C: RandomAccessCollection>(_ base: C, _ transform: @escaping (C.Element) -> Element) where C.Index == Int {
            count = base.count
            let start = base.startIndex
            element = { transform(base[start + $0]) }
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.unkeyedContainer()
            for i in 0..<count { try c.encode(element(i)) }
        }
    }

    /// An array written on one line.
    public struct InlineList<Element: Encodable>: Encodable, JSONInline {
        public var items: [Element]
        public func encode(to encoder: Encoder) throws {
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        }
    }
}

/// The two types written for every member and period of a report, written straight to the sink:
/// through `Encoder`, each value was a container box, its existential calls and their retains and
/// releases, most of a large report's time. Byte for byte what their `encode(to:)` writes through
/// `JSONStreamEncoder` (`JSONStreamEncoderTests` compares both on random members).
extension JSONDocuments.Report.Member {
    func write(to sink: JSONSink, depth: Int, inline: Bool) {
        sink.open(object: true, depth: depth, inline: inline)
        sink.field("id", depth: depth, id)
        sink.field("name", depth: depth, name)
        sink.field("role", depth: depth, role)
        sink.field("priorGrant", depth: depth, priorGrant)
        sink.field("usesITTool", depth: depth, usesITTool)
        sink.field("inCalculation", depth: depth, inCalculation)
        sink.slot(depth: depth, key: "periods")
        JSONDocuments.Report.MemberPeriod.write(periods, to: sink, depth: depth + 1)
        sink.slot(depth: depth, key: "targets")
        JSONDocuments.Report.MemberPeriod.write(targets, to: sink, depth: depth + 1)
    }
}

extension JSONDocuments.Report.MemberPeriod {
    /// The periods as an array, as `Array.encode(to:)` writes them through the sink: through the
    /// encoder, each member's two arrays took a container and a generic call a period.
    static func write(_ periods: [Self], to sink: JSONSink, depth: Int) {
        sink.open(object: false, depth: depth, inline: false)
        for period in periods {
            sink.slot(depth: depth, key: nil)
            period.write(to: sink, depth: depth + 1, inline: false)
        }
    }

    func write(to sink: JSONSink, depth: Int, inline: Bool) {
        sink.open(object: true, depth: depth, inline: inline)
        sink.field("period", depth: depth, period)
        sink.field("operatingProfit", depth: depth, operatingProfit)
        sink.field("labourCost", depth: depth, labourCost)
        sink.field("depreciation", depth: depth, depreciation)
        sink.field("headcount", depth: depth, headcount)
        sink.field("hoursPerEmployee", depth: depth, hoursPerEmployee)
        sink.field("valueAdded", depth: depth, valueAdded)
        sink.field("labourHours", depth: depth, labourHours)
        sink.field("productivity", depth: depth, productivity)
        sink.field("yoyGrowth", depth: depth, yoyGrowth)
        sink.field("cagr", depth: depth, cagr)
        sink.field("shortfallReason", depth: depth, shortfallReason)
    }
}
