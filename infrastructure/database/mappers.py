from adaptix import Retort

# The one base retort: repositories extend it with `.extend(recipe=[...])` where they need more.
retort = Retort()
