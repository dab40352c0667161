/** What one synth did, counted as it runs: the regression guard asserts these grow linearly with services. */
export class SynthStats {
  /** Walks over the whole construct tree (findAll). */
  treeWalks = 0;
  /** Constructs whose validations ran. */
  validations = 0;
  /** Times a service's rules were built (lib/slo buildRuleSet, alertGroups without a rule set): once per service. */
  ruleSets = 0;
  /** Documents serialized (Kubernetes objects and plain files). */
  documents = 0;
  /** Of those, serialized and written on the writer thread. */
  threadDocuments = 0;
  /** Bytes and files written by synth (0 after render). */
  bytes = 0;
  files = 0;
}
