import Foundation
import IdxScopeCore
import XCTest

/// The iterative JSON reader: the same values as JSONSerialization where both read, any depth,
/// and a clear refusal of what is not JSON.
final class JSONDocumentTests: XCTestCase {
    func testScalarsStringsAndEscapes() throws {
        let document = try JSONDocument(parsing: #" {"a": [1, -2.5e3, 0, true, false, null], "s": "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00", "": {}} "#)
        let a = try XCTUnwrap(document.member("a", of: document.root).flatMap(document.elements))
        XCTAssertEqual(a.map { document[$0] }, [.number(1), .number(-2500), .number(0), .bool(true), .bool(false), .null])
        XCTAssertEqual(document.member("s", of: document.root).flatMap(document.string), "x\"\\/\u{8}\u{c}\n\r\té😀")
        XCTAssertEqual(document.member("", of: document.root).map { document[$0] }, .object([]))
    }

    func testAgreesWithJSONSerializationOnAPlan() throws {
        let text = #"[{"Plan": {"Node Type": "Seq Scan", "Plan Rows": 12, "Parallel Aware": false, "Sort Key": ["a", "b"], "Plans": []}, "Planning Time": 0.25}]"#
        let document = try JSONDocument(parsing: text)
        let explain = try XCTUnwrap(document.elements(of: document.root)?.first)
        let plan = try XCTUnwrap(document.member("Plan", of: explain))
        let fields = try XCTUnwrap(document.dictionary(plan))
        let foundation = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])?.first?["Plan"] as? [String: Any])
        XCTAssertEqual(Set(fields.keys), Set(foundation.keys))
        XCTAssertEqual(fields["Node Type"] as? String, "Seq Scan")
        XCTAssertEqual(fields["Plan Rows"] as? Double, 12)
        XCTAssertEqual(fields["Parallel Aware"] as? Bool, false)
        XCTAssertEqual(fields["Sort Key"] as? [String], ["a", "b"])
        XCTAssertEqual(document.member("Planning Time", of: explain).flatMap(document.number), 0.25)
    }

    /// 200,000 levels: JSONSerialization stops near 512, a recursive reader would exhaust the stack.
    func testAnyDepthReadsAndFrees() throws {
        let depth = 200_000
        let text = String(repeating: "[", count: depth) + "7" + String(repeating: "]", count: depth)
        var document: JSONDocument? = try JSONDocument(parsing: text)
        var index = try XCTUnwrap(document?.root)
        for _ in 0..<depth { index = try XCTUnwrap(document?.elements(of: index)?.first) }
        XCTAssertEqual(document?[index], .number(7))
        document = nil  // freeing is flat too
        let objects = String(repeating: #"{"k":"#, count: depth) + "null" + String(repeating: "}", count: depth)
        XCTAssertEqual(try JSONDocument(parsing: objects).values.count, depth + 1)
    }

    func testNotJSONIsRefusedWithTheOffset() {
        let cases: [(String, String)] = [
            ("", "unexpected end of input, a value expected at byte 0"),
            ("[1,]", "a value expected at byte 3"),
            ("{\"a\" 1}", "':' expected at byte 5"),
            ("[1 2]", "',' or ']' expected at byte 3"),
            ("{\"a\":1,}", "a string key expected at byte 7"),
            ("\"abc", "unterminated string at byte 4"),
            ("01", "unexpected text after the JSON value at byte 1"),
            ("-", "a digit expected at byte 1"),
            ("1.", "a digit expected after '.' at byte 2"),
            ("tru", "unexpected end of input in a literal at byte 0"),
            ("nul!", "invalid literal at byte 0"),
            ("\"\\x\"", "invalid escape at byte 2"),
            ("\"\\u12g4\"", "invalid \\u escape at byte 5"),
            ("\"a\u{1}\"", "control character in a string at byte 2"),
            (String(repeating: "[", count: 10_000), "unexpected end of input, a value expected at byte 10000"),
            ("{} {}", "unexpected text after the JSON value at byte 3"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try JSONDocument(parsing: text), text) { error in
                XCTAssertEqual((error as? JSONDocument.SyntaxError)?.description, expected, text)
            }
        }
    }

    func testLoneSurrogateBecomesReplacementCharacter() throws {
        let document = try JSONDocument(parsing: #""\ud800x""#)
        XCTAssertEqual(document.string(document.root), "\u{FFFD}x")
    }

    func testDictionaryDepthIsBounded() throws {
        let document = try JSONDocument(parsing: #"{"a": {"b": {"c": {"d": {"e": 1}}}}, "n": 2}"#)
        let shallow = try XCTUnwrap(document.dictionary(document.root, depth: 2))
        XCTAssertEqual(shallow["n"] as? Double, 2)
        let a = try XCTUnwrap(shallow["a"] as? [String: Any])
        XCTAssertNil(a["b"], "deeper than the bound is left out")
    }

    /// A plan 5,000 levels deep becomes 5,000 nodes in pre-order and draws as a tree.
    func testDeepPlanClassifiesAndDraws() throws {
        let depth = 5_000
        var text = #"{"Node Type": "Seq Scan", "Relation Name": "t", "Alias": "t"}"#
        for _ in 1..<depth { text = #"{"Node Type": "Materialize", "Plans": ["# + text + "]}" }
        let plan = try PostgresPlanClassifier.plan(fromExplainJSON: "[{\"Plan\": \(text)}]", query: "q", analyzed: false)
        XCTAssertEqual(plan.nodes.count, depth)
        XCTAssertEqual(plan.nodes.last?.detail, "Seq Scan on t")
        XCTAssertEqual(plan.nodes.last?.parent, depth - 1)
        XCTAssertEqual(plan.depths().last, depth - 1)
        XCTAssertEqual(plan.fullScans, ["t"])
        let lines = ExplainReport.treeLines(plan)
        XCTAssertEqual(lines.count, depth)
        XCTAssertEqual(lines.last?.node.detail, "Seq Scan on t")
    }
}

