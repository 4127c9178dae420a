using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;

namespace Civic311.Benchmarks.Sla;

/// <summary>
/// The calendar benchmarks' extra columns: the median (the goals are medians, and the random inputs plus a busy machine
/// give a mean with outliers), and the ratio written as "N x faster/slower", because the day-stepping baseline is hundreds of
/// times slower and a plain ratio would read 0.00. Added to the command line's job (<c>--job short</c> still works).
/// </summary>
public sealed class CalendarBenchmarkConfig : ManualConfig
{
    public CalendarBenchmarkConfig()
    {
        AddColumn(StatisticColumn.Median);
        SummaryStyle = SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend);
    }
}
