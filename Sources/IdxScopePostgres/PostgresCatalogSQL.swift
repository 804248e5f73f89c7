/// The statements behind `loadCatalog()` and `loadSpace()`: one each, whatever the index count.
/// Public so the benchmark can feed psql the very same text.
public enum PostgresCatalogSQL {
    /// The indexes both statements read (i index, c its class, t its table, n schema, am method):
    /// everything outside the system schemas and other sessions' temporary schemas.
    static let userIndexes = """
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_am am ON am.oid = c.relam
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
     AND n.nspname !~ '^pg_toast'
     AND NOT pg_is_other_temp_schema(n.oid)
"""

    /// When the usage counters began (the database's last reset, else the server's start), as
    /// epoch seconds: the catalog and a replica's usage statement say it alike.
    static let statsSinceEpoch = """
extract(epoch FROM COALESCE((SELECT d.stats_reset FROM pg_stat_database d WHERE d.datname = current_database()),
                            pg_postmaster_start_time()))::float8
"""

    /// Every index outside the system schemas with its shape, constraint, foreign keys served,
    /// partition parent, sizes and usage counters; server facts ride along on every row (and on
    /// one row of NULL index columns when there is no index at all).
    public static let catalog = """
/* idxscope */
WITH info AS (
  SELECT current_setting('server_version') AS server_version,
         \(statsSinceEpoch) AS stats_since,
         pg_is_in_recovery() AS is_replica,
         current_setting('block_size')::int8 AS block_size,
         (SELECT json_agg(e.extname ORDER BY e.extname) FROM pg_extension e) AS extensions
)
SELECT info.*,
       -- Every foreign key, once (on the first row only; the CASE keeps it from riding along):
       -- [schema, table, name, [columns], referenced table, [referenced columns], the lookup a
       -- delete on the referenced table runs (ri_triggers.c: ONLY unless partitioned, $n typed as
       -- the referenced columns), its parameter types, whether this role may plan it]. Keys of an
       -- extension's tables are left out.
       CASE WHEN row_number() OVER () = 1 THEN (
         SELECT json_agg(json_build_array(fn.nspname, ft.relname, con.conname,
                  (SELECT json_agg(a.attname ORDER BY k.ord)
                     FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),
                  format('%I.%I', rn.nspname, rt.relname),
                  (SELECT json_agg(a.attname ORDER BY k.ord)
                     FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum),
                  format('SELECT 1 FROM %s%I.%I x WHERE %s', CASE WHEN ft.relkind = 'p' THEN '' ELSE 'ONLY ' END,
                         fn.nspname, ft.relname,
                         (SELECT string_agg(format('$%s = x.%I', k.ord, a.attname), ' AND ' ORDER BY k.ord)
                            FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
                            JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum)),
                  (SELECT string_agg(format_type(a.atttypid, a.atttypmod), ', ' ORDER BY k.ord)
                     FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                     JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum),
                  -- Planning it needs SELECT on the key's columns (a monitoring role may lack it).
                  (SELECT bool_and(has_column_privilege(con.conrelid, k.attnum, 'SELECT'))
                     FROM unnest(con.conkey) AS k(attnum))))
           FROM pg_constraint con
           JOIN pg_class ft ON ft.oid = con.conrelid
           JOIN pg_namespace fn ON fn.oid = ft.relnamespace
           JOIN pg_class rt ON rt.oid = con.confrelid
           JOIN pg_namespace rn ON rn.oid = rt.relnamespace
          WHERE con.contype = 'f' AND con.conparentid = 0
            AND fn.nspname NOT IN ('pg_catalog', 'information_schema') AND fn.nspname !~ '^pg_toast'
            AND NOT pg_is_other_temp_schema(fn.oid)
            AND NOT EXISTS (SELECT FROM pg_depend d
                             WHERE d.classid = 'pg_class'::regclass AND d.objid = con.conrelid AND d.objsubid = 0
                               AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'))
       END AS all_foreign_keys_json,
       x.*
FROM info
LEFT JOIN LATERAL (
  SELECT n.nspname AS schema_name, t.relname AS table_name, c.relname AS index_name,
         c.relkind = 'I' AS partitioned_parent,
         am.amname AS method,
         i.indisunique AS is_unique, i.indisprimary AS is_primary,
         i.indisvalid AND i.indisready AS is_valid,
         pg_get_indexdef(i.indexrelid) AS definition,
         pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
         i.indnkeyatts AS key_count,
         -- [name or expression, is expression, DESC, collation if not the column's, operator class
         -- if not the type's default, NULLS FIRST] per key and INCLUDE column: the engine's own
         -- texts, the expression in full (text, not name, which would cut it at 63 bytes).
         -- (unnest, not generate_series: its small row estimate keeps the plan cheap, so the
         -- server does not JIT-compile it.)
         (SELECT json_agg(json_build_array(
                    CASE WHEN k.attnum = 0 THEN pg_get_indexdef(i.indexrelid, k.position::int, true) ELSE a.attname::text END,
                    k.attnum = 0,
                    k.position <= i.indnkeyatts AND (i.indoption[k.position - 1] & 1) = 1,
                    CASE WHEN k.position <= i.indnkeyatts
                              AND i.indcollation[k.position - 1] NOT IN (0, COALESCE(a.attcollation, 100))
                         THEN (SELECT co.collname FROM pg_collation co WHERE co.oid = i.indcollation[k.position - 1]) END,
                    CASE WHEN k.position <= i.indnkeyatts
                         THEN (SELECT opc.opcname FROM pg_opclass opc
                                WHERE opc.oid = i.indclass[k.position - 1] AND NOT opc.opcdefault) END,
                    k.position <= i.indnkeyatts AND (i.indoption[k.position - 1] & 2) = 2)
                  ORDER BY k.position)
            FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
            LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0
         ) AS columns_json,
         (SELECT con.contype FROM pg_constraint con
           WHERE con.conrelid = i.indrelid AND con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x')
           LIMIT 1) AS constraint_type,
         -- The extension that owns the index or its table: its objects are its own business.
         (SELECT e.extname FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
           WHERE d.classid = 'pg_class'::regclass AND d.objid IN (i.indexrelid, i.indrelid) AND d.objsubid = 0
             AND d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
           LIMIT 1) AS extension_owner,
         (SELECT CASE WHEN pn.oid = n.oid THEN pc.relname ELSE pn.nspname || '.' || pc.relname END
            FROM pg_inherits inh JOIN pg_class pc ON pc.oid = inh.inhparent
            JOIN pg_namespace pn ON pn.oid = pc.relnamespace
           WHERE inh.inhrelid = i.indexrelid LIMIT 1) AS parent_index,
         -- A partitioned index or table has no storage of its own: report its partitions' total.
         CASE WHEN c.relkind = 'I'
              THEN (SELECT sum(pg_relation_size(p.relid))::bigint FROM pg_partition_tree(i.indexrelid) p WHERE p.isleaf)
              ELSE pg_relation_size(i.indexrelid) END AS size_bytes,
         CASE WHEN t.relkind = 'p'
              THEN (SELECT sum(pg_relation_size(p.relid))::bigint FROM pg_partition_tree(i.indrelid) p WHERE p.isleaf)
              ELSE pg_relation_size(i.indrelid) END AS table_size_bytes,
         t.reltuples AS table_rows,
         -- pg_stat_all_indexes' own sources; a partitioned parent keeps no counters (NULL).
         CASE WHEN c.relkind = 'i' THEN pg_stat_get_numscans(i.indexrelid) END AS idx_scan,
         CASE WHEN c.relkind = 'i' THEN pg_stat_get_tuples_returned(i.indexrelid) END AS idx_tup_read,
         CASE WHEN c.relkind = 'i' THEN pg_stat_get_tuples_fetched(i.indexrelid) END AS idx_tup_fetch
\(userIndexes)
) x ON true
ORDER BY x.schema_name, x.table_name, x.index_name
"""

    /// Sizes of every index and, for btree indexes, the statistics-based bloat estimate (the
    /// published ioguix formula: tuple header, MAXALIGN padding, fillfactor, page header and
    /// special space, null fractions and average widths from pg_stats), extended for btree
    /// deduplication (PostgreSQL 13+): an index that can deduplicate stores each run of equal keys
    /// as posting-list tuples (one key, 6 bytes per heap pointer), so with many duplicates a fresh
    /// build is far smaller than one tuple per row. Missing that made the estimate 0 where
    /// REINDEX freed half the index (`scripts/bloat-accuracy.sh` measures the error).
    public static let space = """
/* idxscope */
WITH info AS (
  SELECT current_setting('block_size')::numeric AS block_size,
         -- MAXALIGN: 8 on 64-bit builds, else 4 (as in the published estimate).
         CASE WHEN version() ~ 'mingw32|64-bit|x86_64|ppc64|ia64|amd64|aarch64' THEN 8 ELSE 4 END AS maxalign,
         current_setting('server_version_num')::int >= 130000 AS has_deduplication,
         -- Operator classes whose equality means identical images (btree support function 4,
         -- "equalimage"), and the collations that are not deterministic: what decides whether
         -- the server may deduplicate a key column (read once, not per column).
         ARRAY(SELECT opc.oid FROM pg_opclass opc
                 JOIN pg_amproc p ON p.amprocfamily = opc.opcfamily AND p.amproclefttype = opc.opcintype
                                 AND p.amprocrighttype = opc.opcintype AND p.amprocnum = 4) AS equal_image_opclasses,
         ARRAY(SELECT co.oid FROM pg_collation co WHERE NOT co.collisdeterministic) AS nondeterministic_collations,
         pg_database_size(current_database()) AS database_bytes
),
idx AS (
  SELECT i.indexrelid, i.indrelid, i.indnatts, i.indnkeyatts, i.indkey, i.indclass, i.indcollation, i.indisunique,
         n.nspname AS schema_name, c.relname AS index_name,
         t.relname AS table_name, t.reltuples AS table_rows, c.relkind, am.amname AS method, c.relpages, c.reltuples,
         i.indpred IS NOT NULL AS partial, i.indexprs IS NOT NULL AS has_expression,
         COALESCE(substring(array_to_string(c.reloptions, ' ') FROM 'fillfactor=([0-9]+)')::int, 90) AS fillfactor,
         COALESCE(lower(substring(array_to_string(c.reloptions, ' ') FROM 'deduplicate_items=([a-zA-Z0-9]+)')), 'on')
           NOT IN ('off', 'false', 'no', '0') AS deduplicate_items
\(userIndexes)
),
-- Each btree key/INCLUDE column with the statistics that describe it: a table column's own, or
-- for an expression the index's (ANALYZE gathers those).
btree_columns AS (
  SELECT x.indexrelid, a.atttypid, s.null_frac, s.avg_width,
         k.position <= x.indnkeyatts AS is_key,
         -- Distinct keys (NULL counts as one more), from the statistics' n_distinct (< 0: a share of the rows).
         CASE WHEN s.n_distinct >= 0 THEN s.n_distinct ELSE -s.n_distinct * greatest(x.table_rows, 0) END
           + CASE WHEN s.null_frac > 0 THEN 1 ELSE 0 END AS distinct_keys,
         CASE WHEN s.n_distinct >= 0 THEN s.n_distinct ELSE -s.n_distinct * greatest(x.table_rows, 0) END AS distinct_values,
         -- The server deduplicates a key column only when its operator class says equal means
         -- identical and its collation is deterministic.
         k.position <= x.indnkeyatts
           AND x.indclass[k.position - 1] = ANY (info.equal_image_opclasses)
           AND NOT x.indcollation[k.position - 1] = ANY (info.nondeterministic_collations)
           AS equal_image
    FROM idx x
   CROSS JOIN info
   CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
    JOIN pg_attribute a
      ON a.attrelid = CASE WHEN k.attnum = 0 THEN x.indexrelid ELSE x.indrelid END
     AND a.attnum = CASE WHEN k.attnum = 0 THEN k.position::int2 ELSE k.attnum END
    -- LATERAL + LIMIT: one indexed lookup per column; a plain join on the view's names is
    -- planned as a nested loop over the whole view (seconds for a few thousand indexes).
    LEFT JOIN LATERAL (
      SELECT st.null_frac, st.avg_width, st.n_distinct FROM pg_stats st
       WHERE st.schemaname = x.schema_name
         AND st.tablename = CASE WHEN k.attnum = 0 THEN x.index_name ELSE x.table_name END
         AND st.attname = a.attname
         AND NOT st.inherited
       LIMIT 1
    ) s ON true
   WHERE x.method = 'btree' AND x.relkind = 'i'
),
btree_widths AS (
  SELECT indexrelid,
         count(*) > count(avg_width) AS stats_missing,
         bool_or(atttypid = 'pg_catalog.name'::regtype) AS has_name_column,
         -- Tuple header: IndexTupleData, plus the null bitmap when any column can be NULL.
         CASE WHEN max(COALESCE(null_frac, 0)) = 0 THEN 8 ELSE 8 + ((32 + 8 - 1) / 8) END AS tuple_header,
         -- Data width without the NULLs, from the statistics.
         sum((1 - COALESCE(null_frac, 0)) * COALESCE(avg_width, 1024)) AS data_width,
         -- Deduplication needs every column to be a key column (no INCLUDE) that allows it.
         bool_and(is_key AND equal_image) AS equal_image,
         count(*) FILTER (WHERE is_key) AS key_columns,
         -- Distinct key combinations: the product of the columns' counts (an upper bound when
         -- columns are correlated).
         exp(sum(ln(greatest(distinct_keys, 1))) FILTER (WHERE is_key)) AS distinct_keys,
         -- The key column's own figures, for a single key column (its NULLs counted apart).
         max(COALESCE(null_frac, 0)) FILTER (WHERE is_key) AS key_null_frac,
         max(COALESCE(avg_width, 1024)) FILTER (WHERE is_key) AS key_width,
         max(distinct_values) FILTER (WHERE is_key) AS key_values
    FROM btree_columns
   GROUP BY indexrelid
),
btree_estimates AS (
  SELECT w.indexrelid, w.stats_missing, w.has_name_column, w.key_columns, w.distinct_keys,
         w.key_null_frac, w.key_width, w.key_values,
         w.equal_image AND info.has_deduplication AS deduplicates,
         -- Both the header and the data are padded to MAXALIGN.
         (w.tuple_header + info.maxalign
            - CASE WHEN w.tuple_header % info.maxalign = 0 THEN info.maxalign ELSE w.tuple_header % info.maxalign END
          + w.data_width + info.maxalign
            - CASE WHEN w.data_width = 0 THEN 0
                   WHEN w.data_width::int % info.maxalign = 0 THEN info.maxalign
                   ELSE w.data_width::int % info.maxalign END)::numeric AS tuple_width
    FROM btree_widths w CROSS JOIN info
),
-- Each btree's rows in runs of equal keys: one part of all rows, or for a single key column
-- that deduplicates, its NULLs (one run of bare 16-byte tuples) apart from its values (their own
-- width), since a mostly-NULL column of distinct values is neither all duplicates nor none.
-- CREATE INDEX never deduplicates a unique index (its duplicates are only row versions).
btree_shapes AS (
  SELECT e.indexrelid, e.stats_missing, e.has_name_column, e.key_columns, e.tuple_width::float8 AS tuple_width,
         d.deduplicates,
         -- CREATE INDEX's cap on a posting-list tuple: a tenth of a page, less a line pointer.
         floor(info.block_size::float8 * 10 / 100 / info.maxalign) * info.maxalign - 4 AS posting_cap,
         CASE WHEN d.split THEN x.reltuples * e.key_null_frac ELSE 0 END::float8 AS null_rows,
         CASE WHEN d.split THEN x.reltuples * (1 - e.key_null_frac) ELSE x.reltuples END::float8 AS value_rows,
         CASE WHEN d.split THEN e.key_values ELSE e.distinct_keys END::float8 AS value_keys,
         CASE WHEN d.split THEN ceil((8 + e.key_width)::numeric / info.maxalign) * info.maxalign
              ELSE e.tuple_width END::float8 AS value_tuple_width
    FROM btree_estimates e
    JOIN idx x ON x.indexrelid = e.indexrelid
   CROSS JOIN info
   CROSS JOIN LATERAL (
     SELECT e.deduplicates AND x.deduplicate_items AND NOT x.indisunique AS deduplicates,
            e.deduplicates AND x.deduplicate_items AND NOT x.indisunique AND e.key_columns = 1 AS split
   ) d
),
-- Bytes of leaf page per row in a fresh build, line pointer included (float8: numeric
-- arithmetic on every index costs more than the rest of the estimate).
btree_bytes AS (
  SELECT s.indexrelid, s.stats_missing, s.has_name_column,
         s.deduplicates AND (\(runDuplicates(rows: "s.value_rows", keys: "s.value_keys")) >= 2 OR s.null_rows >= 2) AS deduplicated,
         -- Duplicates per key of several columns: the product of the columns' distinct counts
         -- may be far off their real combinations, and so is the estimate.
         s.deduplicates AND s.key_columns > 1 AND \(runDuplicates(rows: "s.value_rows", keys: "s.value_keys")) >= 2 AS distinct_guessed,
         COALESCE((\(runBytes(rows: "s.null_rows", keys: "1", tupleWidth: "16")) + \(runBytes(rows: "s.value_rows", keys: "s.value_keys", tupleWidth: "s.value_tuple_width")))
                    / NULLIF(s.null_rows + s.value_rows, 0),
                  -- No rows: a plain tuple's bytes (the index should be its meta page and one leaf).
                  4 + s.tuple_width) AS row_bytes
    FROM btree_shapes s CROSS JOIN info
)
SELECT info.block_size, info.database_bytes, x.*
  FROM info
  LEFT JOIN LATERAL (
    SELECT idx.schema_name, idx.index_name, idx.table_name, idx.table_rows, idx.method,
           CASE WHEN idx.relkind = 'I'
                THEN (SELECT sum(pg_relation_size(p.relid))::bigint FROM pg_partition_tree(idx.indexrelid) p WHERE p.isleaf)
                ELSE pg_relation_size(idx.indexrelid) END AS size_bytes,
           CASE WHEN EXISTS (SELECT FROM pg_partitioned_table pt WHERE pt.partrelid = idx.indrelid)
                THEN (SELECT sum(pg_relation_size(p.relid))::bigint FROM pg_partition_tree(idx.indrelid) p WHERE p.isleaf)
                ELSE pg_relation_size(idx.indrelid) END AS table_size_bytes,
           COALESCE(idx.partial OR idx.has_expression OR b.stats_missing OR b.has_name_column OR idx.reltuples < 0
                    OR b.distinct_guessed, false)
             AND idx.method = 'btree' AS low_confidence,
           CASE WHEN b.indexrelid IS NULL OR b.stats_missing OR idx.reltuples < 0 OR idx.relpages = 0 THEN NULL
                ELSE greatest(0, idx.relpages - (
                       -- Pages a freshly built index would take: meta page + rows at fillfactor, per page
                       -- minus its header (24) and btree special space (16). Without deduplication whole
                       -- tuples per page, at least one (wide keys at a low fillfactor would give 0).
                       1 + ceil(idx.reltuples / CASE WHEN b.deduplicated
                           THEN (info.block_size - 16 - 24) * idx.fillfactor / (100 * b.row_bytes::float8)
                           ELSE greatest(1, floor((info.block_size - 16 - 24) * idx.fillfactor / (100 * b.row_bytes::float8))) END)
                     ))::int8 * info.block_size::int8
           END AS bloat_bytes
      FROM idx
      LEFT JOIN btree_bytes b ON b.indexrelid = idx.indexrelid
  ) x ON true
 ORDER BY x.schema_name, x.index_name
"""

    /// The mean run length of `rows` rows over `keys` distinct keys (at least 1), as SQL.
    static func runDuplicates(rows: String, keys: String) -> String {
        "greatest(1, \(rows) / greatest(1, least(\(rows), \(keys))))"
    }

    /// Leaf bytes of `rows` rows in runs of equal keys, tuples `tupleWidth` bytes wide, in a
    /// fresh build, line pointers included, as SQL over `btree_shapes s` and `info`. Without
    /// deduplication: one tuple per row. With it, a run of k rows shares ceil(k / pointers per
    /// posting) posting-list tuples of at most `s.posting_cap` bytes (CREATE INDEX's cap,
    /// nbtsort.c), each one key plus 6 bytes per row padded to MAXALIGN; a key seen once keeps
    /// a plain tuple. One definition, used for a btree's NULLs and for its values.
    static func runBytes(rows: String, keys: String, tupleWidth: String) -> String {
        let duplicates = runDuplicates(rows: rows, keys: keys)
        let pointers = "floor((s.posting_cap - \(tupleWidth)) / 6)"
        let postings = "ceil(\(duplicates) / greatest(\(pointers), 1))"
        return """
        (\(rows) * CASE WHEN s.deduplicates AND \(pointers) >= 1
                     THEN least(4 + \(tupleWidth),
                                \(postings) * (4 + ceil((\(tupleWidth) + 6 * \(duplicates) / \(postings)) / info.maxalign) * info.maxalign)
                                  / \(duplicates))
                     ELSE 4 + \(tupleWidth) END)
        """
    }
}
