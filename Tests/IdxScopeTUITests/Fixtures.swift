import Foundation
import IdxScopeCore
@testable import IdxScopeTUI

/// Hand-built core values (the same types the engines return) for screen tests.
enum Fixtures {
    static func index(_ table: String, _ name: String, _ columns: [String], unique: Bool = false, primary: Bool = false,
                      constraint: IndexInfo.Constraint? = nil, partial: String? = nil, schema: String = "main",
                      size: Int64? = nil, scans: Int64? = nil, bloat: Int64? = nil) -> IndexRecord {
        let info = IndexInfo(schema: schema, table: table, name: name, keyColumns: columns.map { IndexInfo.Column(name: $0) },
                             unique: unique, primary: primary, constraint: constraint, partial: partial,
                             definition: "CREATE \(unique ? "UNIQUE " : "")INDEX \(name) ON \(table)(\(columns.joined(separator: ", ")))")
        return IndexRecord(info: info, usage: IndexUsage(scans: scans),
                           space: IndexSpace(sizeBytes: size, pages: size.map { $0 / 4096 }, unusedBytes: size.map { $0 / 10 },
                                             depth: size == nil ? nil : 2, fragmentationPercent: size == nil ? nil : 5, bloatBytes: bloat))
    }

    /// A SQLite-like catalog: no counters, sizes known.
    static var sqliteCatalog: Catalog {
        Catalog(engine: .sqlite, database: "demo.db", serverVersion: "3.40.1", indexes: [
            index("job", "idx_job_status", ["status"], size: 40960),
            index("job", "idx_job_created", ["created_at"], size: 8192),
            index("customer", "idx_customer_email", ["email"], unique: true, size: 163840),
            index("order_line", "idx_order_line_product", ["product_id", "qty"], partial: "qty > 0", size: 4096),
            index("产品", "idx_产品_名称", ["名称"], size: 12288),
        ], sizesLoaded: true)
    }

    /// A PostgreSQL-like catalog: counters, a constraint index with zero scans, one unused.
    static var postgresCatalog: Catalog {
        Catalog(engine: .postgresql, database: "host=db dbname=app", serverVersion: "15.8",
                statsSince: Date(timeIntervalSince1970: 1_790_000_000), isReplica: false, indexes: [
                    index("experiments", "experiments_pkey", ["id"], unique: true, primary: true, constraint: .primaryKey, schema: "public", size: 1_138_688, scans: 0),
                    index("experiments", "idx_experiments_owner", ["owner_id"], schema: "public", size: 450_000, scans: 0, bloat: 90_000),
                    index("runs", "idx_runs_started", ["started_at"], schema: "public", size: 2_000_000, scans: 1234),
                ], sizesLoaded: true)
    }

    /// A state with the catalog loaded, at a given terminal size.
    static func state(_ catalog: Catalog, width: Int = 120, height: Int = 40, capabilities: Capabilities? = nil) -> AppState {
        var state = AppState(capabilities: capabilities ?? Capabilities(engine: catalog.engine), databaseName: catalog.database)
        state = Reducer.reduce(state, .resize(width: width, height: height)).0
        state = Reducer.reduce(state, .catalogLoaded(catalog, at: Date(timeIntervalSince1970: 1_800_000_000))).0
        return withFindings(state)
    }

    /// What the run loop does after each catalog change: FindingRules' verdicts, derived (there on
    /// the worker's analysis queue) and handed back for the catalog's revision.
    static func withFindings(_ state: AppState) -> AppState {
        guard let catalog = state.catalog else { return state }
        let kinds = FindingRules.kinds(in: catalog, now: state.now)
        return Reducer.reduce(state, .findingKindsDerived(kinds, revision: state.catalogRevision)).0
    }

    static func press(_ state: AppState, _ keys: Key...) -> AppState {
        keys.reduce(state) { Reducer.reduce($0, .key($1)).0 }
    }

    static func type(_ state: AppState, _ text: String) -> AppState {
        text.reduce(state) { Reducer.reduce($0, .key(.char($1))).0 }
    }

    static var samplePlan: QueryPlan {
        QueryPlan(engine: .sqlite, query: "SELECT * FROM job j JOIN customer c ON c.email = j.owner ORDER BY j.created_at", nodes: [
            PlanNode(id: 3, parent: 0, detail: "SCAN j", kind: .fullScan, relation: "job"),
            PlanNode(id: 5, parent: 0, detail: "SEARCH c USING INDEX idx_customer_email (email=?)", kind: .indexSearch,
                     relation: "customer", index: "idx_customer_email"),
            PlanNode(id: 8, parent: 5, detail: "CORRELATED SCALAR SUBQUERY 1", kind: .other),
            PlanNode(id: 9, parent: 8, detail: "SEARCH job USING INTEGER PRIMARY KEY (rowid=?)", kind: .rowidLookup, relation: "job"),
            PlanNode(id: 12, parent: 0, detail: "USE TEMP B-TREE FOR ORDER BY", kind: .tempBTree),
        ])
    }
}
