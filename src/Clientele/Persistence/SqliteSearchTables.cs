using Microsoft.EntityFrameworkCore;

namespace Clientele.Persistence;

/// <summary>
/// SQLite's side tables that let two list filters use an index (PostgreSQL indexes the columns themselves): a trigram
/// full-text table over lowered customer emails (email_cont, _start, _end) and an inverted table of the scalar leaves
/// of customer metadata (metadata_jcont). Triggers on customers keep them in step (migration SqliteSearchIndexes).
/// Both are keyed by a search key of customer_search_keys, an INTEGER PRIMARY KEY that VACUUM never renumbers, unlike
/// the customers table's own rowid.
/// </summary>
public static class SqliteSearchTables
{
    public const string CustomerKeys = "customer_search_keys";
    public const string CustomerEmail = "customer_email_search";
    public const string CustomerMetadata = "customer_metadata_terms";

    /// <summary>
    /// The term of one scalar leaf of json_tree (columns key, type, atom), the same for stored documents (in the
    /// triggers) and filter patterns: its nearest object key (NULL for an array element), its JSON type (numbers as one
    /// type) and its value. A number keeps its value only when it is a whole number below 2^53, where any two numbers
    /// containment calls equal (1, 1.0, 1e0, -0) give the same value; other numbers give the term of "a number under
    /// this key". A pattern contained in a document has each of its terms among the document's terms, so the rows
    /// holding them all are a superset of the matches.
    /// </summary>
    public const string JsonTermSql = """
        json_array(CASE WHEN typeof(key) = 'text' THEN key END,
          CASE WHEN type IN ('integer', 'real') THEN 'number' WHEN type = 'text' THEN 'string' ELSE type END,
          CASE WHEN type = 'text' THEN atom
               WHEN type IN ('integer', 'real') THEN
                 CASE WHEN abs(atom) < 1e-27 THEN 0
                      WHEN abs(atom) < 9007199254740992.0 AND atom = round(atom) THEN CAST(atom AS INTEGER) END END)
        """;

    /// <summary>The distinct terms of a pattern (parameter $pattern) in document order; none unless it is an object.</summary>
    public static string PatternTermsSql(int limit) => $"""
        SELECT {JsonTermSql} AS "Value" FROM json_tree($pattern)
        WHERE json_type($pattern) = 'object' AND type NOT IN ('object', 'array')
        GROUP BY 1 ORDER BY min(id) LIMIT {limit}
        """;

    internal static void Configure(ModelBuilder model)
    {
        model.SharedTypeEntity<SqliteSearchKey>(CustomerKeys, e =>
        {
            e.ToTable(CustomerKeys, t => t.ExcludeFromMigrations());
            e.HasKey(k => k.Key);
            e.Property(k => k.Key).HasColumnName("search_key");
            e.Property(k => k.OwnerId).HasColumnName("customer_id");
        });
        model.SharedTypeEntity<TrigramSearchRow>(CustomerEmail, e =>
        {
            e.ToTable(CustomerEmail, t => t.ExcludeFromMigrations());
            e.HasNoKey();
            e.Property(r => r.Key).HasColumnName("rowid");
            e.Property(r => r.Text).HasColumnName("email");
        });
        model.SharedTypeEntity<JsonTermRow>(CustomerMetadata, e =>
        {
            e.ToTable(CustomerMetadata, t => t.ExcludeFromMigrations());
            e.HasNoKey();
            e.Property(r => r.Key).HasColumnName("search_key");
            e.Property(r => r.Term).HasColumnName("term");
        });
    }
}

/// <summary>A row's stable search key.</summary>
public sealed class SqliteSearchKey
{
    public long Key { get; set; }
    public string OwnerId { get; set; } = "";
}

/// <summary>A row of an FTS5 trigram table: the search key as rowid, and the lowered text.</summary>
public sealed class TrigramSearchRow
{
    public long Key { get; set; }
    public string Text { get; set; } = "";
}

/// <summary>One term of one row's JSON document.</summary>
public sealed class JsonTermRow
{
    public long Key { get; set; }
    public string Term { get; set; } = "";
}
