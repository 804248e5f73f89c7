import CSQLite
import IdxScopeCore

/// Plans one statement with `EXPLAIN QUERY PLAN` (never runs it) and names each step's real table.
enum PlanLoader {
    /// Three statements whatever the query: the schema's names, plain EXPLAIN (which tables the
    /// program opens) and EXPLAIN QUERY PLAN.
    static func explain(_ sql: String, connection: Connection) throws -> QueryPlan {
        let (statementText, preparedPlan) = try singleStatement(sql, connection: connection)
        let schema = try SchemaNames.load(connection)
        var aliases = AliasMap.aliases(in: statementText, tables: schema.tables)
        for view in schema.viewSQL { // a view's own aliases appear in its plan
            aliases.merge(AliasMap.aliases(in: view, tables: schema.tables)) { mine, theirs in
                mine + theirs.filter { !mine.contains($0) }
            }
        }

        let eqp: Statement
        let reads: ProgramReads
        do {
            reads = try OpenedTables.load(statementText, schema: schema, connection: connection)
            eqp = try preparedPlan ?? connection.prepare("EXPLAIN QUERY PLAN " + statementText)
        } catch let error as SQLiteError {
            throw error.idxScopeError(.statement, path: connection.path)
        }
        var resolver = RelationResolver(schema: schema, aliases: aliases, opened: reads.opened)
        var steps = StepNames()
        var nodes: [PlanNode] = []
        var rows: [JSONValue] = []
        do {
            while try eqp.step() {
                let detail = eqp.string(3) ?? ""
                // EXPLAIN QUERY PLAN's own columns, as the sqlite3 shell lists them.
                rows.append(.object([("id", .int(eqp.int64(0))), ("parent", .int(eqp.int64(1))),
                                     ("notused", .int(eqp.int64(2))), ("detail", .string(detail))]))
                nodes.append(node(id: Int(eqp.int64(0)), parent: Int(eqp.int64(1)), detail: detail, resolver: &resolver,
                                  steps: &steps, limitedRoots: reads.limitedRoots))
            }
        } catch let error as SQLiteError {
            throw error.idxScopeError(.statement, path: connection.path)
        }
        return QueryPlan(engine: .sqlite, query: sql, nodes: nodes, analyzed: false, raw: .array(rows))
    }

    /// The text of the only statement in `sql` (and the statement itself when the user already
    /// wrote EXPLAIN QUERY PLAN); refuses several and none.
    static func singleStatement(_ sql: String, connection: Connection) throws -> (String, Statement?) {
        do {
            let (first, tail) = try connection.prepareFirst(sql)
            guard let first else { throw IdxScopeError(.statement, "no SQL statement to explain") }
            // Any statement (even a broken one) after the first: refuse rather than plan half the input.
            var rest = tail
            while !rest.isEmpty {
                let next: (statement: Statement?, tail: String)
                do { next = try connection.prepareFirst(rest) } catch {
                    throw IdxScopeError(.statement, "several statements: explain one at a time")
                }
                if next.statement != nil || next.tail == rest {
                    throw IdxScopeError(.statement, "several statements: explain one at a time")
                }
                rest = next.tail
            }
            if connection.explainMode(of: first) == 1 {
                throw IdxScopeError(.statement, "EXPLAIN lists bytecode; give the statement itself to see its plan")
            }
            // Already EXPLAIN QUERY PLAN: stepping it only lists the plan.
            return (first.sql, connection.explainMode(of: first) == 2 ? first : nil)
        } catch let error as SQLiteError {
            throw error.idxScopeError(.statement, path: connection.path)
        }
    }

    /// Names that earlier steps gave to rows they made (`MATERIALIZE c`, `CO-ROUTINE s`).
    struct StepNames {
        var ephemeral: Set<String> = []

        func isEphemeral(_ name: String) -> Bool {
            name.hasPrefix("(subquery-") || name.hasPrefix("(join-") || ephemeral.contains(name.lowercased())
        }
    }

    static func node(id: Int, parent: Int, detail: String, resolver: inout RelationResolver, steps: inout StepNames,
                     limitedRoots: Set<Int64> = []) -> PlanNode {
        let step = SQLiteEQPClassifier.classify(detail)
        if let defined = step.definesName { steps.ephemeral.insert(defined.lowercased()) }
        var kind = step.kind
        // `SCAN t USING x`: a table named "t USING x" is a full scan of it; otherwise unknown.
        if kind == .unknown, let name = step.name, resolver.schema.table(named: name) != nil {
            kind = detail.hasPrefix("SEARCH ") ? .indexSearch : .fullScan
        }
        var relation = kind == .unknown ? nil : resolver.relation(of: step, detail: detail)
        if relation == nil, kind == .fullScan || kind == .indexSearch || kind == .indexFullScan, let name = step.name {
            if steps.isEphemeral(name) {
                kind = .other // `SCAN cte` or `SCAN (subquery-1)`: rows made by the plan, no table read
            } else {
                // Not a table of `main` the program opens (sqlite_schema, `temp.t`, a name idxscope
                // cannot resolve): still a read of that relation, named as the plan names it.
                relation = name
            }
        }
        if kind == .fullScan || kind == .indexFullScan,
           let root = step.index.flatMap({ resolver.schema.indexRoots[$0] }) ?? relation.flatMap({ resolver.schema.tableRootsByName[$0] }),
           limitedRoots.contains(root) {
            kind = .limitedScan
        }
        return PlanNode(id: id, parent: parent, detail: detail, kind: kind, relation: relation, index: step.index)
    }
}

/// Table, index and view names of the schema, read in one statement.
struct SchemaNames {
    var tables: Set<String> = []
    /// Root page → table, for the tables stored in a b-tree of their own.
    var tableRoots: [Int64: String] = [:]
    /// Tables without a b-tree (virtual tables: root page 0).
    var virtualTables: Set<String> = []
    var tableRootsByName: [String: Int64] = [:]
    var indexTables: [String: String] = [:]
    var indexRoots: [String: Int64] = [:]
    var viewSQL: [String] = []
    private var tablesByLowercase: [String: String] = [:]

    static func load(_ connection: Connection) throws -> SchemaNames {
        let statement = try connection.prepare("SELECT type, name, tbl_name, sql, rootpage FROM sqlite_schema")
        var names = SchemaNames()
        while try statement.step() {
            guard let type = statement.string(0), let name = statement.string(1) else { continue }
            switch type {
            case "table":
                names.tables.insert(name)
                let root = statement.int64(4)
                if root > 0 {
                    names.tableRoots[root] = name
                    names.tableRootsByName[name] = root
                } else {
                    names.virtualTables.insert(name)
                }
                names.tablesByLowercase[name.lowercased()] = name
            case "index":
                names.indexTables[name] = statement.string(2)
                names.indexRoots[name] = statement.int64(4)
            case "view": if let sql = statement.string(3) { names.viewSQL.append(sql) }
            default: break
            }
        }
        return names
    }

    /// SQLite names are case-insensitive (ASCII); `main.t` is `t` (EQP writes the schema when
    /// the statement did).
    func table(named name: String) -> String? {
        if let table = tablesByLowercase[name.lowercased()] { return table }
        guard name.lowercased().hasPrefix("main.") else { return nil }
        return tablesByLowercase[String(name.dropFirst(5)).lowercased()]
    }
}
