using System.Linq.Expressions;
using System.Text;
using Clientele.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Clientele.JsonApi;

/// <summary>
/// A side table that answers some predicates of one attribute on SQLite from an index. It only narrows: the
/// candidates it gives are a superset of the matches, and the predicate's own exact condition still runs on them, so
/// answers are the same with or without it. An attribute declares one with <see cref="AttributeField.SqliteSearch"/>.
/// </summary>
public abstract class SqliteSearchIndex(string keysTable, string table)
{
    /// <summary>The table of stable search keys (search_key, owner id) of the resource's rows.</summary>
    public string KeysTable { get; } = keysTable;

    /// <summary>The side table holding what the index answers from.</summary>
    public string Table { get; } = table;

    /// <summary>
    /// A condition on <paramref name="entity"/> true for every row the predicate <paramref name="predicate"/> (its
    /// name without _any/_all) matches with <paramref name="value"/>, or null when this index cannot narrow it.
    /// </summary>
    internal abstract Expression? Candidates(AppDb db, Expression entity, string predicate, FilterValue value);

    /// <summary>entity.Id IN (SELECT owner id FROM keys WHERE search_key IN each of <paramref name="keySets"/>).</summary>
    private protected Expression OwnedBy(AppDb db, Expression entity, IEnumerable<IQueryable<long>> keySets)
    {
        IQueryable<SqliteSearchKey> keys = db.Set<SqliteSearchKey>(KeysTable);
        foreach (var set in keySets) keys = keys.Where(k => set.Contains(k.Key));
        var owners = keys.Select(k => k.OwnerId);
        return Expression.Call(typeof(Queryable), nameof(Queryable.Contains), [typeof(string)], owners.Expression,
            Expression.Property(entity, nameof(ResourceEntity.Id)));
    }
}

/// <summary>
/// An FTS5 table with the trigram tokenizer (case_sensitive 1) holding lower(attribute) per row: cont, start and end
/// become a GLOB on it, which FTS5 answers from the trigram index. Both the stored text and the value are lowered by
/// the same ToLowerInvariant (the lower() registered on every connection), and the GLOB matches exactly what the
/// predicate's LIKE matches on that text.
/// </summary>
public sealed class TrigramSearch(string keysTable, string table) : SqliteSearchIndex(keysTable, table)
{
    internal override Expression? Candidates(AppDb db, Expression entity, string predicate, FilterValue value)
    {
        if (value.Value is not string raw || !IndexableRun(raw.ToLowerInvariant())) return null;
        var literal = GlobLiteral(raw.ToLowerInvariant());
        var pattern = predicate switch
        {
            "cont" => "*" + literal + "*",
            "start" => literal + "*",
            "end" => "*" + literal,
            _ => null,
        };
        if (pattern is null) return null;
        var rows = db.Set<TrigramSearchRow>(Table);
        return OwnedBy(db, entity, [rows.Where(r => EF.Functions.Glob(r.Text, pattern)).Select(r => r.Key)]);
    }

    /// <summary>
    /// Whether FTS5 can use the index: trigrams come from runs of at least 3 characters (code points) between GLOB's
    /// special characters; with none, FTS5 would read its whole table, slower than the plain scan.
    /// </summary>
    internal static bool IndexableRun(string value)
    {
        var run = 0;
        var index = 0;
        while (index < value.Length)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(index), out var rune, out var used) != System.Buffers.OperationStatus.Done) return false;
            index += used;
            run = rune.Value is '*' or '?' or '[' ? 0 : run + 1;
            if (run >= 3) return true;
        }
        return false;
    }

    /// <summary>GLOB has no escape character: * ? and [ match themselves inside brackets (] alone is literal).</summary>
    internal static string GlobLiteral(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c is '*' or '?' or '[') builder.Append('[').Append(c).Append(']');
            else builder.Append(c);
        }
        return builder.ToString();
    }
}

/// <summary>
/// An inverted table (term, search_key) of the scalar leaves of a JSON attribute, indexed by term: jcont keeps the
/// rows holding every term of the pattern (see <see cref="SqliteSearchTables.JsonTermSql"/>). The pattern's terms are
/// computed by SQLite with the same SQL as the stored ones, so both sides are encoded identically.
/// </summary>
public sealed class JsonTermSearch(string keysTable, string table) : SqliteSearchIndex(keysTable, table)
{
    /// <summary>At most this many terms narrow one pattern; any subset of its terms still gives a superset.</summary>
    public const int MaxTerms = 8;

    internal override Expression? Candidates(AppDb db, Expression entity, string predicate, FilterValue value)
    {
        if (predicate != "jcont" || value.Value is not string json) return null;
        var terms = db.Database.SqlQueryRaw<string>(SqliteSearchTables.PatternTermsSql(MaxTerms), new SqliteParameter("$pattern", json)).ToList();
        if (terms.Count == 0) return null; // {} or {"a":{}}: no scalar to look up
        var rows = db.Set<JsonTermRow>(Table);
        return OwnedBy(db, entity, terms.Select(term => rows.Where(r => r.Term == term).Select(r => r.Key)));
    }
}
