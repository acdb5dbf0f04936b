package hotline.dispatch;

import hotline.forms.RecordForm;

/**
 * What a gateway sends for a dispatch: the dispatch, and its record form as it was when dispatched (the case as the
 * receiving unit may see it: a report's reporter is never in it). Loaded by {@link DispatchService#form(long)}.
 */
public record DispatchForm(DispatchService.Target target, RecordForm form) {
}
