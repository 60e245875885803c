// Drift profiles in the lab, in plain words: what a profile is and holds (beside the file inputs),
// and what a saved one holds (after "Save reference profile"). The evaluator makes and reads the
// profiles (evaluator.api.drift_lab_profile, drift_lab_inspect); this file only words its answers.
import { h } from "./dom.js";
import { countText, sizeText } from "./format.js";

/** The paragraph beside the inputs: what a profile is, what it holds, how to keep one. */
export function profileHelp(setup) {
  const most = countText(setup.profile_exact_max);
  return h("details", { class: "drift-lab__profiles" },
    h("summary", null, "Keep a drift profile instead of the reference data"),
    h("p", null,
      "A drift profile (a .profile.json.gz file, the same file the command line's mlops-kit profile writes) holds, " +
      "per column, the counts a drift report is computed from. Save the profile of your reference file with " +
      "\"Save reference profile\", keep it in place of the data, and drop it here next time beside a new CSV file " +
      "or another profile: the report is the same as from the files."),
    h("p", null,
      `It holds no rows, only counts. A column with at most ${most} distinct values keeps each value with how often ` +
      "it occurs: for a text column that means every distinct text (a name, an email) is in the profile, without " +
      `the row it came from. A numeric column with more than ${most} distinct values keeps counts on a fine grid of ` +
      "buckets, its minimum, maximum, sum and sum of squares; the metrics computed from it carry an error bound."));
}

function names(list) {
  return list.length > 6 ? `${list.slice(0, 6).join(", ")} and ${list.length - 6} more` : list.join(", ");
}

/** The line a slot shows after its file's profile was saved. */
export function profileSaved(made, setup) {
  const exact = made.modes["text-exact"] ?? [];
  const numericExact = made.modes["numeric-exact"] ?? [];
  const buckets = made.modes["numeric-bucket"] ?? [];
  const parts = [`Saved ${made.file_name} (${sizeText(made.bytes.length)}): the counts of ${made.columns} columns over ${countText(made.rows)} rows, and no rows.`];
  if (exact.length) {
    parts.push(`Text columns that list each distinct value with its count: ${names(exact)}. Check that none of those values is private before you share the profile.`);
  }
  if (numericExact.length) parts.push(`Numeric columns that list each value with its count (at most ${countText(setup.profile_exact_max)} values): ${names(numericExact)}.`);
  const overflow = made.modes["text-overflow"] ?? [];
  if (overflow.length) parts.push(`Text columns with more distinct values, kept as a count only (a report skips them): ${names(overflow)}.`);
  if (buckets.length) parts.push(`Numeric columns kept as bucket counts (their metrics will carry an error bound): ${names(buckets)}.`);
  return parts.join(" ");
}
