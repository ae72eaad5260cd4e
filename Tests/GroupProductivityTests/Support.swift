import Foundation
import SafeFiles

@testable import GroupPresentation
@testable import GroupProductivity
@testable import GroupWorkflows

/// A throwaway folder holding a group's files; removed when the test ends.
final class TempGroup {
    let path: String

    init(_ files: [String: [UInt8]]) {
        path = NSTemporaryDirectory() + "groupprod-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, bytes) in files {
            _ = FileManager.default.createFile(atPath: path + "/" + name, contents: Data(bytes))
        }
    }

    convenience init(utf8 files: [String: String]) {
        self.init(files.mapValues { Array($0.utf8) })
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func load() -> LoadResult { GroupLoader.load(path: path) }
    func file(_ name: String) -> String { path + "/" + name }
}

enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static func path(_ name: String) -> String { root + "/" + name }
}

/// A roster of `count` members, M01 the representative; `prior` lists prior grantees.
func roster(_ count: Int, prior: Set<Int> = []) -> String {
    var lines = ["member_id,name,role,prior_grant,uses_it_tool"]
    for i in 1...count {
        lines.append("M\(i < 10 ? "0" : "")\(i),会員\(i),\(i == 1 ? "representative" : "participant"),\(prior.contains(i) ? "yes" : "no"),yes")
    }
    return lines.joined(separator: "\n") + "\n"
}

func figureLine(
    _ id: String, _ period: Int, op: String, labour: String = "0", dep: String = "0",
    heads: String = "1", hours: String = "2000"
) -> String {
    "\(id),\(period),actual,\(op),\(labour),\(dep),\(heads),\(hours)"
}

let figureHeader = "member_id,period,kind,operating_profit,labour_cost,depreciation,headcount,hours_per_employee"
