"""Local standards maintained by administrators (参数维护).

A city or county value of a parameter (按规定 standards, county options, external standards that
ran out) is proposed by one administrator of the jurisdiction and approved by a second one; it is
never edited in place: a correction is a new dated value. Approved values are laid over the bundled
parameters (:meth:`jiuye.params.store.ParameterStore.set_local_values`), so every path of the engine
(single case, table, Spark, the re-check at approval) resolves the most specific value in force.
"""
