//! The data dictionary of an experiment's tables (`stats.csv`, `horizon.csv`, `points.csv`,
//! `differences.csv`, the summary), in the form of the run's (`statecraft_sim::dictionary`).

use statecraft_sim::dictionary::Type::{Boolean, Category, Date, Integer, List, Number, Text};
use statecraft_sim::dictionary::{Categories, Column, TableDoc, col};

const POINT: Column =
    col("point", Text, "", "the parameter point: `baseline`, `us_admin.share=0.4 …`, or a scenario's file name");
const PARAMETER: Column =
    col("{parameter}", Number, "as the parameter", "a sweep's varied parameter (by its path), its value at the point");

pub const STATS: TableDoc = TableDoc {
    file: "stats.csv",
    about: "Per point, metric and month: a numeric metric's mean, 95% CI and percentiles over the runs; a category metric's share of runs in each of its categories, one row per category.",
    columns: &[
        POINT,
        PARAMETER,
        col("metric", Text, "", "a column of `timeseries.csv`"),
        col("category", Text, "", "for a category metric, the category of this row; empty for a numeric metric"),
        col("date", Date, "", "the month"),
        col("n", Integer, "runs", "runs with a value of the metric that month"),
        col(
            "mean",
            Number,
            "the metric's",
            "the mean over the runs; for a category row, the share of runs in the category (0-1)",
        ),
        col(
            "ci_low",
            Number,
            "the metric's",
            "the 95% confidence interval's lower end: Student's t for a mean, Wilson's score interval for a share",
        ),
        col("ci_high", Number, "the metric's", "the 95% confidence interval's upper end"),
        col("p5", Number, "the metric's", "the 5th percentile (empty for a category)"),
        col("p25", Number, "the metric's", "the 25th percentile"),
        col("p50", Number, "the metric's", "the median"),
        col("p75", Number, "the metric's", "the 75th percentile"),
        col("p95", Number, "the metric's", "the 95th percentile"),
        col(
            "percentiles",
            Category(Categories::Fixed(&["exact", "sketch"])),
            "",
            "whether the percentiles are exact or from the sketch (within 1%); empty without runs or for a category",
        ),
    ],
};

pub const HORIZON: TableDoc = TableDoc {
    file: "horizon.csv",
    about: "Every run's outcomes in the last month: one row per run, the metrics as `timeseries.csv` writes them (categories by name).",
    columns: &[
        POINT,
        col("replicate", Integer, "", "the run's number within its point, from 0"),
        col(
            "seed",
            Integer,
            "",
            "the run's seed, below 2^63: `statecraft run SCENARIO --seed SEED` (with the point's `--set`, `--months`) reproduces the run",
        ),
        col("{metric}", Text, "", "each column of `timeseries.csv` but `date` (see there), in the last month"),
    ],
};

pub const POINTS: TableDoc = TableDoc {
    file: "points.csv",
    about: "A sweep's points and their parameter values.",
    columns: &[POINT, PARAMETER],
};

pub const DIFFERENCES: TableDoc = TableDoc {
    file: "differences.csv",
    about: "A comparison's paired differences at the horizon: each variant's run minus the baseline's run of the same seed. For a category metric, one row per category: the paired difference of \"the run is in this category\" (1 or 0), whose mean is the difference of the shares.",
    columns: &[
        col("variant", Text, "", "the variant (a point)"),
        col("baseline", Text, "", "the first variant, which the others are compared with"),
        col("metric", Text, "", "a column of `timeseries.csv`"),
        col(
            "category",
            Text,
            "",
            "for a category metric, the category whose shares are compared; empty for a numeric metric",
        ),
        col("n", Integer, "runs", "pairs of runs where both have a value"),
        col(
            "mean_difference",
            Number,
            "the metric's",
            "the mean paired difference (for a category: of the shares, -1 to 1)",
        ),
        col("ci_low", Number, "the metric's", "its 95% confidence interval's lower end (Student's t)"),
        col("ci_high", Number, "the metric's", "its upper end"),
        col("sd", Number, "the metric's", "the standard deviation of the paired differences"),
        col("effect_size", Number, "", "Cohen's d for paired samples (mean over sd); empty for a category"),
    ],
};

pub const SUMMARY: TableDoc = TableDoc {
    file: "summary.json",
    about: "An experiment's summary, by field path (`[]` for each element of a list; `summary.ron` holds the same). NaN is null.",
    columns: &[
        col("kind", Category(Categories::Fixed(&["ensemble", "sweep", "compare"])), "", "the experiment"),
        col("scenario", Text, "", "the scenario's name"),
        col("runs_per_point", Integer, "runs", "replicates per point"),
        col("master_seed", Integer, "", "the seed every run's seed derives from"),
        col("method", List, "", "how the statistics are computed, in words"),
        col("points[].label", Text, "", "the point"),
        col("points[].values", List, "", "[parameter, value] of a sweep's point"),
        col("points[].horizon[].metric", Text, "", "a numeric metric"),
        col("points[].horizon[].n", Integer, "runs", "runs with a value in the last month"),
        col("points[].horizon[].mean", Number, "the metric's", "its mean in the last month"),
        col("points[].horizon[].ci95", List, "the metric's", "[low, high]: the mean's 95% confidence interval"),
        col("points[].horizon[].sd", Number, "the metric's", "its standard deviation"),
        col("points[].horizon[].percentiles", List, "the metric's", "its 5th, 25th, 50th, 75th and 95th percentiles"),
        col("points[].horizon[].exact", Boolean, "", "whether the percentiles are exact"),
        col("points[].shares[].metric", Text, "", "a category metric"),
        col("points[].shares[].category", Text, "", "one of its categories"),
        col("points[].shares[].n", Integer, "runs", "runs with a value in the last month"),
        col("points[].shares[].share", Number, "fraction (0-1)", "the share of those runs in the category"),
        col("points[].shares[].ci95", List, "fraction (0-1)", "[low, high]: the Wilson score interval"),
        col("differences[].variant", Text, "", "as in `differences.csv`"),
        col("differences[].baseline", Text, "", "as in `differences.csv`"),
        col("differences[].metric", Text, "", "as in `differences.csv`"),
        col("differences[].category", Text, "", "as in `differences.csv`; null for a numeric metric"),
        col("differences[].n", Integer, "runs", "as in `differences.csv`"),
        col("differences[].mean", Number, "the metric's", "`mean_difference` in `differences.csv`"),
        col("differences[].ci95", List, "the metric's", "[ci_low, ci_high]"),
        col("differences[].sd", Number, "the metric's", "as in `differences.csv`"),
        col("differences[].effect_size", Number, "", "as in `differences.csv`"),
        col("ranked_by", Text, "", "a comparison's ranking metric; null otherwise"),
        col("ranking", List, "", "[variant, mean of `ranked_by` at the horizon], highest first"),
    ],
};

/// The experiment's tables.
pub const TABLES: [TableDoc; 5] = [STATS, HORIZON, POINTS, DIFFERENCES, SUMMARY];
