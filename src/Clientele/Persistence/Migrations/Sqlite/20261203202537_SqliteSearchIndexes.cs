using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Clientele.Persistence.Migrations.Sqlite
{
    /// <summary>
    /// Indexes for email_cont and metadata_jcont on SQLite (SqliteSearchTables): a stable search key per customer, an
    /// FTS5 trigram table of lower(email) and an inverted table of metadata terms, filled from the existing rows and
    /// kept in step by triggers. lower() in the triggers is the Unicode-aware one each connection of the service
    /// registers. The term expression is SqliteSearchTables.JsonTermSql, written out here as it was when migrated.
    /// </summary>
    public partial class SqliteSearchIndexes : Migration
    {
        private const string Term = """
            json_array(CASE WHEN typeof(key) = 'text' THEN key END,
              CASE WHEN type IN ('integer', 'real') THEN 'number' WHEN type = 'text' THEN 'string' ELSE type END,
              CASE WHEN type = 'text' THEN atom
                   WHEN type IN ('integer', 'real') THEN
                     CASE WHEN abs(atom) < 1e-27 THEN 0
                          WHEN abs(atom) < 9007199254740992.0 AND atom = round(atom) THEN CAST(atom AS INTEGER) END END)
            """;

        private const string KeyOfNew = "(SELECT search_key FROM customer_search_keys WHERE customer_id = new.id)";
        private const string KeyOfOld = "(SELECT search_key FROM customer_search_keys WHERE customer_id = old.id)";

        // Invalid JSON (never written by the service) gives no terms rather than a failed write.
        private static string TermsOf(string document, string key) =>
            $"INSERT OR IGNORE INTO customer_metadata_terms (term, search_key) SELECT {Term}, {key} " +
            $"FROM json_tree(CASE WHEN json_valid({document}) THEN {document} END) WHERE type NOT IN ('object', 'array');";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE TABLE customer_search_keys (search_key INTEGER PRIMARY KEY, customer_id TEXT NOT NULL UNIQUE);");
            migrationBuilder.Sql("CREATE VIRTUAL TABLE customer_email_search USING fts5(email, tokenize = 'trigram case_sensitive 1', detail = 'none');");
            migrationBuilder.Sql("CREATE TABLE customer_metadata_terms (term TEXT NOT NULL, search_key INTEGER NOT NULL, PRIMARY KEY (term, search_key)) WITHOUT ROWID;");
            migrationBuilder.Sql("CREATE INDEX ix_customer_metadata_terms_search_key ON customer_metadata_terms (search_key);");

            migrationBuilder.Sql("INSERT INTO customer_search_keys (customer_id) SELECT id FROM customers ORDER BY rowid;");
            migrationBuilder.Sql("INSERT INTO customer_email_search (rowid, email) SELECT k.search_key, lower(c.email) FROM customers c JOIN customer_search_keys k ON k.customer_id = c.id;");
            migrationBuilder.Sql(
                $"INSERT OR IGNORE INTO customer_metadata_terms (term, search_key) SELECT {Term}, d.search_key " +
                "FROM (SELECT k.search_key AS search_key, c.metadata AS metadata FROM customers c JOIN customer_search_keys k ON k.customer_id = c.id) d, " +
                "json_tree(CASE WHEN json_valid(d.metadata) THEN d.metadata END) WHERE type NOT IN ('object', 'array');");

            migrationBuilder.Sql($"""
                CREATE TRIGGER customers_search_insert AFTER INSERT ON customers BEGIN
                  INSERT INTO customer_search_keys (customer_id) VALUES (new.id);
                  INSERT INTO customer_email_search (rowid, email) VALUES ({KeyOfNew}, lower(new.email));
                  {TermsOf("new.metadata", KeyOfNew)}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER customers_search_email AFTER UPDATE OF email ON customers WHEN old.email IS NOT new.email BEGIN
                  UPDATE customer_email_search SET email = lower(new.email) WHERE rowid = {KeyOfNew};
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER customers_search_metadata AFTER UPDATE OF metadata ON customers WHEN old.metadata IS NOT new.metadata BEGIN
                  DELETE FROM customer_metadata_terms WHERE search_key = {KeyOfNew};
                  {TermsOf("new.metadata", KeyOfNew)}
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER customers_search_delete AFTER DELETE ON customers BEGIN
                  DELETE FROM customer_email_search WHERE rowid = {KeyOfOld};
                  DELETE FROM customer_metadata_terms WHERE search_key = {KeyOfOld};
                  DELETE FROM customer_search_keys WHERE customer_id = old.id;
                END;
                """);
            // Ids never change; if one did, the row would be found under its old id's key no more.
            migrationBuilder.Sql("""
                CREATE TRIGGER customers_search_id BEFORE UPDATE OF id ON customers WHEN old.id IS NOT new.id BEGIN
                  SELECT RAISE(ABORT, 'customer ids are immutable');
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var trigger in new[] { "insert", "email", "metadata", "delete", "id" })
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS customers_search_{trigger};");
            migrationBuilder.Sql("DROP TABLE IF EXISTS customer_metadata_terms;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS customer_email_search;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS customer_search_keys;");
        }
    }
}
