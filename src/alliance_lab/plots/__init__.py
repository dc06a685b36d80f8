"""Chart builders. Each returns an ``alt.Chart`` (never displays it), with a title and
a text description so that screen readers and exported images carry a summary."""
