import Foundation
import Testing

/// The JSON each command writes has the shape its schema in docs/ states, checked here without
/// Python (scripts/verify-exports.sh validates fully with jsonschema): every required key present,
/// no key the schema does not list, nested objects and arrays alike, and `const`/`enum` values kept.
@Suite("JSON outputs keep their schemas' shape")
struct SchemaShapeTests {
    static func schema(_ name: String) throws -> [String: Any] {
        let url = Run.repository.appendingPathComponent("docs/\(name).schema.json")
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// Problems found in `value` against `schema`, each with its JSON path.
    static func problems(_ value: Any, _ schema: [String: Any], at path: String = "$") -> [String] {
        var found: [String] = []
        if let allowed = schema["enum"] as? [Any] {
            let ok = allowed.contains { ($0 as? NSObject)?.isEqual(value) == true || ($0 is NSNull && value is NSNull) }
            if !ok { found.append("\(path): \(value) not in \(allowed)") }
        }
        if let constant = schema["const"] as? NSObject, !constant.isEqual(value) { found.append("\(path): \(value) ≠ \(constant)") }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { found.append("\(path): missing \(key)") }
            if schema["additionalProperties"] as? Bool == false {
                for key in object.keys where properties[key] == nil { found.append("\(path): unexpected \(key)") }
            }
            if let choices = schema["oneOf"] as? [[String: Any]] {
                let matching = choices.filter { c in (c["required"] as? [String] ?? []).allSatisfy { object[$0] != nil } }
                if matching.count != 1 { found.append("\(path): matches \(matching.count) of the oneOf choices") }
            }
            for (key, sub) in object {
                if let s = properties[key] as? [String: Any] { found += problems(sub, s, at: path + "." + key) }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (i, item) in array.enumerated() { found += problems(item, items, at: path + "[\(i)]") }
        }
        return found
    }

    @Test(arguments: [
        ("target", ["target", "SampleGroups/supply-chain-prior-grant", "--grid"]),
        ("target", ["target", "SampleGroups/shotengai-clears-5", "--method", "geometric"]),
        ("explain", ["explain", "SampleGroups/onsen-cp932", "--method", "pooled"]),
        ("whatif", ["whatif", "SampleGroups/supply-chain-prior-grant", "--scenario", "SampleGroups/scenarios/supply-chain-what-if.csv"]),
        ("report", ["report", "SampleGroups/asaichi-single-file.csv"]),
        ("portfolio", ["portfolio", "SampleGroups/portfolio-clients.csv"]),
        ("check", ["check", "SampleGroups/onsen-cp932"]),
        ("check", ["check", "Tests/GroupProductivityTests/Fixtures/diagnostics/not_a_number"]),
        ("check", ["check", "Tests/GroupProductivityTests/Fixtures/diagnostics/sheets_not_read"]),
    ])
    func outputHasItsSchemasShape(schema name: String, arguments: [String]) throws {
        let resolved = arguments.map { $0.hasPrefix("SampleGroups/") || $0.hasPrefix("Tests/") ? Run.repository.appendingPathComponent($0).path : $0 }
        let dated = name == "report" || name == "portfolio"
        let run = try Run(resolved + ["--format", "json"] + (dated ? ["--as-of", "2026-11-21"] : []))
        let found = Self.problems(try run.json(), try Self.schema(name))
        #expect(found.isEmpty, "\(found.prefix(5))")
    }

    /// check's schema lists every diagnostic code there is, and no other.
    @Test func checkSchemaListsEveryCode() throws {
        let schema = try Self.schema("check")
        let item = (((schema["properties"] as? [String: Any])?["diagnostics"] as? [String: Any])?["items"] as? [String: Any])
        let codes = ((item?["properties"] as? [String: Any])?["code"] as? [String: Any])?["enum"] as? [String]
        let catalogue = try Run("catalogue").stdout.matches(of: /\| `([a-z_]+)` \|/).map { String($0.output.1) }
        #expect(catalogue.count > 50)
        #expect(codes == catalogue)
    }

    /// The checker itself notices a missing key, an extra key and a value outside an enum.
    @Test func theShapeCheckCanFail() throws {
        let schema = try Self.schema("explain")
        var doc = try Run("explain", Run.sample("onsen-cp932"), "--format", "json").json()
        doc["extra"] = 1
        doc.removeValue(forKey: "total")
        doc["basis"] = "guess"
        #expect(Set(Self.problems(doc, schema)) == ["$: missing total", "$: unexpected extra", #"$.basis: guess not in ["actuals", "plan"]"#])
    }
}
