"""Generator of the synthetic London Borough of Thamesbury: gazetteer, population, six council sources and truth.

Entry point: :func:`bootcamp.thamesbury.generate.generate`. Every person and address it makes is fictional.
"""
