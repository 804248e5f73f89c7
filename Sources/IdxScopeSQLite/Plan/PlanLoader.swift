import CSQLite
import IdxScopeCore

/// Plans one statement with `EXPLAIN QUERY PLAN` (never runs it) and names each step's real table.
enum PlanLoader {
    static func explain(_ sql: String, connection: Connection) throws -> QueryPlan {
        let statementText = try singleStatement(sql, connection: connection)
        let schema = try SchemaNames.load(connection)
        var aliasSources = [statementText]
        aliasSources.append(contentsOf: schema.viewSQL) // a view's own aliases appear in its plan
        var aliases: [String: String] = [:]
        for source in aliasSources {
            aliases.merge(AliasMap.aliases(in: source, tables: schema.tables)) { first, _ in first }
        }

        let eqp: Statement
        do {
            eqp = try connection.prepare("EXPLAIN QUERY PLAN " + statementText)
        } catch let error as SQLiteError {
            throw error.idxScopeError(.statement)
        }
        var nodes: [PlanNode] = []
        do {
            while try eqp.step() {
                let detail = eqp.string(3) ?? ""
                nodes.append(node(id: Int(eqp.int64(0)), parent: Int(eqp.int64(1)), detail: detail,
                                  schema: schema, aliases: aliases))
            }
        } catch let error as SQLiteError {
            throw error.idxScopeError(.statement)
        }
        return QueryPlan(engine: .sqlite, query: sql, nodes: nodes, analyzed: false)
    }

    /// The text of the only statement in `sql`; refuses several and none.
    static func singleStatement(_ sql: String, connection: Connection) throws -> String {
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
            if connection.explainMode(of: first) == 2 {
                // Already EXPLAIN QUERY PLAN: plan the statement it wraps.
                return String(first.sql.drop { !$0.isWhitespace }.drop { $0.isWhitespace }
                    .drop { !$0.isWhitespace }.drop { $0.isWhitespace }.drop { !$0.isWhitespace }.drop { $0.isWhitespace })
            }
            return first.sql
        } catch let error as SQLiteError {
            throw error.idxScopeError(.statement)
        }
    }

    static func node(id: Int, parent: Int, detail: String, schema: SchemaNames, aliases: [String: String]) -> PlanNode {
        let step = SQLiteEQPClassifier.classify(detail)
        var kind = step.kind
        var relation: String?
        if let table = step.table {
            relation = schema.table(named: table) ?? table
        } else if let index = step.index, let table = schema.indexTables[index] {
            relation = table // an index belongs to exactly one table: the surest answer
        } else if let name = step.name {
            relation = aliases[name.lowercased()] ?? schema.table(named: name)
        }
        // `SCAN cte` or `SCAN (subquery-1)`: no table is read in full.
        if relation == nil, kind == .fullScan || kind == .indexSearch { kind = .other }
        if step.isVirtualTable { relation = relation ?? step.name.flatMap(schema.table(named:)) }
        return PlanNode(id: id, parent: parent, detail: detail, kind: kind, relation: relation, index: step.index)
    }
}

/// Table, index and view names of the schema, read in one statement.
struct SchemaNames {
    var tables: Set<String> = []
    var indexTables: [String: String] = [:]
    var viewSQL: [String] = []
    private var tablesByLowercase: [String: String] = [:]

    static func load(_ connection: Connection) throws -> SchemaNames {
        let statement = try connection.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema")
        var names = SchemaNames()
        while try statement.step() {
            guard let type = statement.string(0), let name = statement.string(1) else { continue }
            switch type {
            case "table":
                names.tables.insert(name)
                names.tablesByLowercase[name.lowercased()] = name
            case "index": names.indexTables[name] = statement.string(2)
            case "view": if let sql = statement.string(3) { names.viewSQL.append(sql) }
            default: break
            }
        }
        return names
    }

    /// SQLite names are case-insensitive (ASCII).
    func table(named name: String) -> String? { tablesByLowercase[name.lowercased()] }
}
