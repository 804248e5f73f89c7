import IdxScopeCore
import IdxScopePostgres
import IdxScopeTUI

/// One parser under test: seed inputs, the tokens it cares about, and how to run it. Errors are
/// fine (most mutations are not valid input); a crash or a hang is the failure.
struct FuzzTarget {
    let name: StaticString
    let mutator: Mutator
    let run: (String) -> Void
}

enum Targets {
    static let eqp = FuzzTarget(
        name: "eqp",
        mutator: Mutator(
            seeds: ["SCAN job", "SEARCH j USING INDEX job_status (status=?)", "SEARCH job USING COVERING INDEX idx_a (a=? AND b>?)",
                    "SCAN TABLE job AS j", "SEARCH TABLE job AS j USING INDEX job_status (status=?)", "USE TEMP B-TREE FOR ORDER BY",
                    "SEARCH o USING AUTOMATIC PARTIAL COVERING INDEX (x=?)", "SCAN ft VIRTUAL TABLE INDEX 0:M1",
                    "SEARCH job USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)", "CORRELATED SCALAR SUBQUERY 2", "MULTI-INDEX OR",
                    "SCAN \"my table\" USING COVERING INDEX \"my idx\"", "COMPOUND QUERY", "SCAN (subquery-2)", "BLOOM FILTER ON t (x=?)"],
            tokens: ["SCAN ", "SEARCH ", "TABLE ", " AS ", " USING ", "INDEX ", "COVERING ", "AUTOMATIC ", "PARTIAL ", "PRIMARY KEY",
                     "INTEGER ", "(", ")", "=?", " AND ", "\"", "`", "[", "]", "VIRTUAL TABLE INDEX ", "TEMP B-TREE", " ", "LEFT-JOIN"]),
        run: { text in _ = SQLiteEQPClassifier.classify(text) })

    static let plan = FuzzTarget(
        name: "plan",
        mutator: Mutator(
            seeds: [
                #"[{"Plan": {"Node Type": "Seq Scan", "Parallel Aware": false, "Relation Name": "job", "Alias": "j", "Startup Cost": 0.00, "Total Cost": 35.50, "Plan Rows": 2550, "Plan Width": 4, "Filter": "(owner = 7)"}, "Planning Time": 0.1}]"#,
                #"[{"Plan": {"Node Type": "Limit", "Plans": [{"Node Type": "Sort", "Parent Relationship": "Outer", "Sort Key": ["a", "b DESC"], "Sort Method": "top-N heapsort", "Sort Space Used": 25, "Sort Space Type": "Memory", "Plans": [{"Node Type": "Index Scan", "Index Name": "i", "Relation Name": "t", "Index Cond": "(a = 1)", "Scan Direction": "Backward", "Actual Rows": 5, "Actual Loops": 1, "Actual Startup Time": 0.01, "Actual Total Time": 0.2, "Shared Hit Blocks": 3}]}]}, "Execution Time": 1.5}]"#,
                #"[{"Plan": {"Node Type": "Hash Join", "Join Type": "Left", "Hash Cond": "(a.id = b.id)", "Plans": [{"Node Type": "Seq Scan", "Relation Name": "a", "Parent Relationship": "Outer"}, {"Node Type": "Hash", "Parent Relationship": "Inner", "Plans": [{"Node Type": "Bitmap Heap Scan", "Relation Name": "b", "Recheck Cond": "(x > 1)", "Plans": [{"Node Type": "Bitmap Index Scan", "Index Name": "b_x", "Index Cond": "(x > 1)"}]}]}, {"Node Type": "Result", "Parent Relationship": "InitPlan", "Subplan Name": "InitPlan 1 (returns $0)"}]}}]"#,
                #"[{"Plan": {"Node Type": "ModifyTable", "Operation": "Delete", "Relation Name": "job", "Schema": "public", "Plans": [{"Node Type": "Aggregate", "Strategy": "Hashed", "Group Key": ["x"], "Plans": [{"Node Type": "Function Scan", "Function Name": "generate_series", "Alias": "g", "Output": ["g"]}]}]}}]"#,
            ],
            tokens: ["{", "}", "[", "]", ",", ":", "\"", "\\u", "\\ud800", "\\\"", "\"Plans\": [", "\"Node Type\": ", "\"Plan\": ",
                     "\"Seq Scan\"", "\"Index Only Scan\"", "\"Limit\"", "null", "true", "1e308", "-", ".", "e", "\"Actual Loops\": 0",
                     "{\"Node Type\": \"Limit\", \"Plans\": [", "]}", "\"Parent Relationship\": \"SubPlan\""],
            maximumLength: 64 * 1024),
        run: { text in
            if let plan = try? PostgresPlanClassifier.plan(fromExplainJSON: text, query: "q", analyzed: true) {
                _ = ExplainReport.tree(plan)
                _ = ExplainReport.json(plan).serialized()
            }
        })

    static let sql = FuzzTarget(
        name: "sql",
        mutator: Mutator(
            seeds: ["SELECT 1; SELECT 'a;b', \"c;d\" FROM t -- x;\n", "SELECT $$;$$, $tag$ ; $$ ; $tag$, E'it\\'s;' /* a /* b */ ; */;",
                    "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE u SET x = 1; DELETE FROM v; END; SELECT 2",
                    "-- calls: 40\nSELECT * FROM job WHERE status = $1 AND id > ?2;\nSELECT setval('s', 1), now ( ), pg_catalog.\"NextVal\"(x);",
                    "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 1; END $body$; SELECT f();"],
            tokens: ["'", "\"", "$$", "$a$", "$1", "/*", "*/", "--", "\n", ";", "E'", "\\", "BEGIN", "END", "CASE", "CREATE TRIGGER ",
                     "(", ")", "`", "[", "]", "-- calls: ", "?", ":name", "@x"]),
        run: { text in
            _ = SQLScript.split(text)
            _ = SQLScript.stripComments(text)
            _ = SQLStatementShape.of(text)
        })

    static let theme = FuzzTarget(
        name: "theme",
        mutator: Mutator(
            seeds: ThemeParser.builtinTexts + ["inherit = dark\nheader = #ff0000, 17, bold+underline\n", "name = x # c\nerror = red, default, reverse"],
            tokens: ["=", ",", "#", "\n", "+", "inherit = ", "name = ", "default", "bold", "none", "-", "#fff", "#1234567", "255", "256",
                     "-1", "bright_red", "header", "selection", "\u{0}", " ", "\t"]),
        run: { text in try? ThemeParser.validate(text, source: "fuzz.theme") })

    static let all = [eqp, plan, sql, theme]
}
