using System.Diagnostics;
using Clientele.Customers;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

/// <summary>
/// The password-grant baseline of scripts/bench.sh: how many password hashes one thread computes per second with the
/// hasher and iteration count the server uses. Prints one line: RESULT hashes seconds hashes/s.
/// </summary>
internal static class HashRate
{
    public static int Run(Dictionary<string, string> options)
    {
        var iterations = int.Parse(options.GetValueOrDefault("iterations", "100000"), System.Globalization.CultureInfo.InvariantCulture);
        var seconds = double.Parse(options.GetValueOrDefault("seconds", "10"), System.Globalization.CultureInfo.InvariantCulture);
        var hasher = new PasswordHasher<Customer>(Options.Create(new PasswordHasherOptions { IterationCount = iterations }));
        var customer = new Customer();
        hasher.HashPassword(customer, "warm up the code path");
        var watch = Stopwatch.StartNew();
        var hashes = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            hasher.HashPassword(customer, "correct-horse-battery-staple");
            hashes++;
        }
        var elapsed = watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"RESULT {hashes} {elapsed:F3} {hashes / elapsed:F1}"));
        return 0;
    }
}
