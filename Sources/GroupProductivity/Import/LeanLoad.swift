import Foundation

/// A group of a combined portfolio file read straight from its cells' bytes (`RawRows`), for the
/// common group whose every cell is written plainly: the roster and figures passes of
/// `GroupLoader.load(table:)` without decoding a cell into a `String` of its own or building a
/// diagnostic's place for every row.
///
/// It gives the `GroupBuilder` the full passes would give, or nil. It declines (nil) whenever a
/// row might raise any diagnostic in those passes, or be read other than in the one plain way it
/// knows: a cell that needs trimming or folding, a word not spelt exactly as listed, a number not
/// in plain ASCII, a missing or empty cell, a value outside the checks' bounds, a duplicate, a
/// member whose rows differ, a column it does not read. The caller then decodes the rows and takes
/// the full path, so a declined group costs one extra look and is judged exactly as before; an
/// accepted one gives what the full path would (`LeanLoadTests` compares both on mutated groups).
/// The roster rules and plausibility warnings that follow are the full path's own code.
enum LeanLoad {
    /// The columns it reads; a header with any other known column is left to the full path.
    static let columns: [Column] = [
        .groupID, .memberID, .name, .role, .priorGrant, .usesITTool, .period, .kind,
        .operatingProfit, .labourCost, .depreciation, .headcount, .hoursPerEmployee, .shortfallReason, .origin,
        .edition, .projectName,
    ]
    static let numbers: [Column] = [.operatingProfit, .labourCost, .depreciation, .headcount, .hoursPerEmployee]

    /// The group loaded as `Portfolio.group` loads its decoded rows, or nil (see above).
    static func load(_ rows: RawRows, header: SourceTable, name: String) -> LoadResult? {
        guard let (builder, byMember) = builder(rows, header: header), let settings = settings(rows, header: header) else { return nil }
        return GroupLoader.finish(builder, file: header.file, name: name, settings: settings, diagnostics: [], byMember: byMember)
    }

    /// The project name and edition the rows agree on (`SourceTable.agreedText`); nil when such a
    /// cell is not plain, two differ, or the edition is not a year: the full path words each.
    static func settings(_ rows: RawRows, header: SourceTable) -> GroupSettings? {
        rows.bytes.withUnsafeBytes { base -> GroupSettings? in
            /// The column's one value and where it first is: .some(nil) when absent or empty throughout.
            func agreed(_ column: Column) -> (text: String, at: SourceLocation)?? {
                guard let index = header.columns[column]?.index else { return .some(nil) }
                var found: (bytes: UnsafeRawBufferPointer, at: SourceLocation)?
                for record in rows.records {
                    let span = rows.spans[record.cells.lowerBound + index]
                    guard span.count > 0 else { continue }
                    let cell = UnsafeRawBufferPointer(rebasing: base[span.start..<span.start + span.count])
                    guard cell.first != 0x27, String.nothingToTrim(cell.assumingMemoryBound(to: UInt8.self)) else { return nil }
                    guard let seen = found else {
                        found = (cell, header.at(line: span.line, column: index + 1))
                        continue
                    }
                    guard seen.bytes.elementsEqual(cell) else { return nil }
                }
                return .some(found.map { (String(decoding: $0.bytes, as: UTF8.self), $0.at) })
            }
            guard let projectName = agreed(.projectName), let editionText = agreed(.edition) else { return nil }
            var edition: Int?
            if let editionText {
                var problems: [Diagnostic] = []
                edition = GroupSettings.edition(
                    editionText.text, at: editionText.at, columnName: header.columns[.edition]?.raw, diagnostics: &problems)
                guard problems.isEmpty else { return nil }
            }
            return GroupSettings(projectName: projectName?.text, edition: edition)
        }
    }

    /// The roster and figures, and the figures by member (`Group.figuresByMember`) gathered on the way.
    static func builder(_ rows: RawRows, header: SourceTable) -> (GroupBuilder, [MemberID: MemberFigures])? {
        guard header.sheet == nil, !rows.isEmpty,
            Column.allCases.allSatisfy({ !header.has($0) || columns.contains($0) }),
            (Column.requiredRoster + Column.requiredFigures).allSatisfy(header.has)
        else { return nil }
        // Figures as written: a unit in a header or title (千円) scales them, which the full path does.
        for column in numbers {
            guard header.columns[column]?.unit == .yen else { return nil }
        }
        let index = { (column: Column) in header.columns[column]?.index }
        guard let idIndex = index(.memberID), let nameIndex = index(.name), let roleIndex = index(.role),
            let periodIndex = index(.period), let labour = header.columns[.labourCost]
        else { return nil }
        let numberIndices = numbers.compactMap(index)
        guard numberIndices.count == numbers.count else { return nil }
        let details = Column.memberDetails.compactMap(index)
        let (priorIndex, usesIndex, kindIndex) = (index(.priorGrant), index(.usesITTool), index(.kind))
        let (reasonIndex, originIndex) = (index(.shortfallReason), index(.origin))

        var builder = GroupBuilder()
        builder.moneyUnits[header.file] = (labour.unit, labour.index + 1)
        builder.figures.reserveCapacity(rows.records.count)
        // Read once here: each use of a vocabulary or the header inside the loop copied it (retains).
        let (roles, yesNo, periods, kinds) = (Vocabulary.role, Vocabulary.yesNo, Vocabulary.period, Vocabulary.kind)
        let (file, cellCount, numberColumns) = (header.file, header.headerCellCount, numbers)
        // Each member's figures, by its place in the roster.
        var memberFigures: [MemberFigures] = []
        return rows.bytes.withUnsafeBytes { base -> (GroupBuilder, [MemberID: MemberFigures])? in
            rows.spans.withUnsafeBufferPointer { spans -> (GroupBuilder, [MemberID: MemberFigures])? in
                /// A cell's bytes: nil for an empty unquoted cell.
                func bytes(_ span: RawRows.Span) -> UnsafeRawBufferPointer? {
                    span.count < 0 ? nil : UnsafeRawBufferPointer(rebasing: base[span.start..<span.start + span.count])
                }
                /// A cell whose decoded text is its bytes as they stand: nothing to trim, no guard apostrophe.
                func plain(_ cell: UnsafeRawBufferPointer) -> Bool {
                    guard let first = cell.first, first != 0x27 else { return false }
                    return String.nothingToTrim(cell.assumingMemoryBound(to: UInt8.self))
                }
                func text(_ cell: UnsafeRawBufferPointer) -> String { String(decoding: cell, as: UTF8.self) }
                /// An optional cell: .some(nil) when empty, nil when written in a way only the full path reads.
                func optional(_ cell: UnsafeRawBufferPointer?) -> UnsafeRawBufferPointer?? {
                    guard let cell, !cell.isEmpty else { return .some(nil) }
                    return plain(cell) ? .some(cell) : nil
                }
                /// An optional word: .some(nil) when empty, the word when spelt exactly as listed (so
                /// its text is those bytes: no word has a space at either end or a leading apostrophe),
                /// nil otherwise.
                func word<T>(_ span: RawRows.Span?, _ vocabulary: Vocabulary<T>) -> T?? {
                    guard let span, let cell = bytes(span), !cell.isEmpty else { return .some(nil) }
                    guard let value = vocabulary.exact(cell) else { return nil }
                    return .some(value)
                }
                func same(_ a: RawRows.Span, _ b: RawRows.Span) -> Bool {
                    guard a.count == b.count else { return false }
                    guard a.count > 0 else { return true }
                    return memcmp(base.baseAddress! + a.start, base.baseAddress! + b.start, a.count) == 0
                }
                var before: Swift.Range<Int>?
                var member = 0
                for record in rows.records {
                    let cells = record.cells
                    guard cells.count == cellCount else { return nil }
                    let cell = { (i: Int) in spans[cells.lowerBound + i] }

                    // The roster pass: a row repeating the member cells of the row before is that member.
                    let repeated = before.map { previous in details.allSatisfy { same(spans[previous.lowerBound + $0], cell($0)) } } ?? false
                    guard let idBytes = bytes(cell(idIndex)), plain(idBytes),
                        idBytes.allSatisfy({ (0x20...0x7E).contains($0) })
                    else { return nil }
                    let id = text(idBytes)
                    if !repeated {
                        // Printable ASCII with nothing to trim is its own fold and holds no hostile character.
                        guard let nameBytes = bytes(cell(nameIndex)), plain(nameBytes) else { return nil }
                        let name = text(nameBytes)
                        guard TextSafety.firstHostile(in: name) == nil,
                            let roleBytes = bytes(cell(roleIndex)), let role = roles.exact(roleBytes),
                            let priorWord = word(priorIndex.map(cell), yesNo), let usesWord = word(usesIndex.map(cell), yesNo)
                        else { return nil }
                        let (prior, uses) = (priorWord ?? false, usesWord ?? true)
                        if let existing = builder.memberIndex[id] {
                            // The same member on rows apart: the same words, else the full path words it.
                            let first = builder.members[existing]
                            guard first.name == name, first.role == role, first.priorGrant == prior, first.usesITTool == uses else { return nil }
                            member = existing
                        } else {
                            member = builder.members.count
                            builder.memberIndex[id] = member
                            builder.members.append(
                                Member(
                                    id: id, name: name, role: role, priorGrant: prior, usesITTool: uses,
                                    source: SourceLocation(file: file, line: cell(idIndex).line, column: idIndex + 1)))
                            memberFigures.append(MemberFigures())
                        }
                    }
                    before = cells

                    // The figures pass.
                    guard let periodBytes = bytes(cell(periodIndex)), let period = periods.exact(periodBytes),
                        let kindWord = word(kindIndex.map(cell), kinds)
                    else { return nil }
                    let kind = kindWord ?? .actual
                    /// A number cell as the full path reads it, when plain and within every check.
                    func number(_ n: Int) -> Rational? {
                        let column = numberColumns[n]
                        guard let number = bytes(cell(numberIndices[n])),
                            let value = NumberParser.plainDecimal(bytes: number.assumingMemoryBound(to: UInt8.self)),
                            FigureLimits.violation(column, value) == nil
                        else { return nil }
                        let problem: LocalizedText? =
                            switch column {
                            case .labourCost, .depreciation: Range.nonNegative(value)
                            case .headcount: Range.positive(value)
                            case .hoursPerEmployee: Range.hours(value)
                            default: nil
                            }
                        return problem == nil ? value : nil
                    }
                    guard let profit = number(0), let labourCost = number(1), let depreciation = number(2),
                        let headcount = number(3), let hours = number(4)
                    else { return nil }
                    guard let reasonCell = optional(reasonIndex.flatMap { bytes(cell($0)) }),
                        let originCell = optional(originIndex.flatMap { bytes(cell($0)) })
                    else { return nil }
                    var figure = Figures(
                        operatingProfit: profit, labourCost: labourCost, depreciation: depreciation, headcount: headcount,
                        hoursPerEmployee: hours, shortfallReason: reasonCell.map(text), source: SourceLocation(file: file, line: record.line))
                    figure.origin = originCell.map(text)
                    guard builder.figures.updateValue(figure, forKey: FigureKey(member: id, period: period, kind: kind)) == nil else { return nil }
                    memberFigures[member][period, kind] = figure
                }
                var byMember: [MemberID: MemberFigures] = [:]
                byMember.reserveCapacity(memberFigures.count)
                for (index, figures) in memberFigures.enumerated() { byMember[builder.members[index].id] = figures }
                return (builder, byMember)
            }
        }
    }
}
