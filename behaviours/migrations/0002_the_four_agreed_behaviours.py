"""The four behaviours the client and its partners agreed on, in Dutch and English.

Idempotent: rows are matched by slug, so running it on a database that already has them
rewrites the agreed texts instead of duplicating them. The reverse is a no-op: examples are
attached to these behaviours and nothing a member wrote may disappear with a rollback.
"""

from django.db import migrations

BEHAVIOURS = [
    {
        "slug": "ownership",
        "order": 10,
        "name_nl": "Eigenaarschap",
        "name_en": "Ownership",
        "summary_nl": (
            "Je voelt je verantwoordelijk voor het resultaat voor de gebruiker, niet alleen voor je "
            "eigen deel van de keten. Je pakt het op, of je zorgt aantoonbaar dat iemand anders het "
            "oppakt."
        ),
        "summary_en": (
            "You feel responsible for the outcome for the user, not just for your own link in the "
            "chain. You pick it up, or you make sure someone else demonstrably does."
        ),
        "in_practice_nl": (
            "Een storing raakt vaak datacentrum, netwerk en werkplek tegelijk. Eigenaarschap betekent "
            "dat je niet wacht tot duidelijk is wiens contract het raakt: je neemt het incident aan, "
            "belt de collega bij de andere partner zelf, houdt de melder op de hoogte en sluit pas "
            "af als de medewerker van Energie Noord weer kan werken. Ook na afloop: je zorgt dat de "
            "oorzaak wordt weggenomen, ook als die bij een ander ligt."
        ),
        "in_practice_en": (
            "An outage often touches the datacentre, the network and the workplace at once. "
            "Ownership means you don't wait until it is clear whose contract it falls under: you "
            "take the incident, call the colleague at the other partner yourself, keep the person "
            "who reported it informed and only close it when the Energie Noord employee can work "
            "again. Afterwards too: you see to it that the cause is removed, even when it lies with "
            "someone else."
        ),
        "prompts_nl": (
            "Wat was de situatie, en wie pakte wat op?\n"
            "Waar had iemand kunnen zeggen 'dat is niet van ons', en wat deed diegene in plaats "
            "daarvan?\n"
            "Wat merkte de gebruiker of de organisatie ervan?"
        ),
        "prompts_en": (
            "What was the situation, and who picked up what?\n"
            "Where could someone have said 'that's not ours', and what did they do instead?\n"
            "What did the user or the organisation notice of it?"
        ),
    },
    {
        "slug": "transparency",
        "order": 20,
        "name_nl": "Transparantie",
        "name_en": "Transparency",
        "summary_nl": (
            "Je deelt open wat er speelt, ook als het tegenzit: fouten, risico's, planning en "
            "cijfers. Zo kan de ander op tijd meedenken in plaats van achteraf te worden verrast."
        ),
        "summary_en": (
            "You share openly what is going on, also when things go wrong: mistakes, risks, "
            "schedules and figures. That way the other side can think along in time instead of "
            "being surprised afterwards."
        ),
        "in_practice_nl": (
            "Na een verstoring van de telefonie deelt de partner een eerlijke analyse, inclusief de "
            "eigen fout in de change, in plaats van een gepolijst rapport. Een partner meldt vroeg "
            "dat een migratie uitloopt en laat zien waarom. De opdrachtgever deelt zijn plannen en "
            "budgetten, zodat partners niet hoeven te raden. Dashboards, wachtrijen en "
            "beslissingen zijn voor alle betrokkenen in te zien."
        ),
        "in_practice_en": (
            "After a telephony disruption the partner shares an honest analysis, including its own "
            "mistake in the change, rather than a polished report. A partner reports early that a "
            "migration is running late and shows why. The client shares its plans and budgets so "
            "partners don't have to guess. Dashboards, queues and decisions are open to everyone "
            "involved."
        ),
        "prompts_nl": (
            "Wat werd er gedeeld, en waarom was dat niet vanzelfsprekend?\n"
            "Wie kon daardoor eerder of beter handelen?\n"
            "Wat veranderde er in het vertrouwen tussen de organisaties?"
        ),
        "prompts_en": (
            "What was shared, and why was that not a matter of course?\n"
            "Who could act sooner or better because of it?\n"
            "What changed in the trust between the organisations?"
        ),
    },
    {
        "slug": "proactivity",
        "order": 30,
        "name_nl": "Proactiviteit",
        "name_en": "Proactivity",
        "summary_nl": (
            "Je signaleert risico's en kansen voordat ze een probleem worden en komt zelf met een "
            "voorstel, ook als niemand erom vroeg."
        ),
        "summary_en": (
            "You spot risks and opportunities before they become a problem and come up with a "
            "proposal yourself, even when nobody asked for one."
        ),
        "in_practice_nl": (
            "De datacentrumpartner ziet in de trends dat de opslag over drie maanden vol raakt en "
            "komt met een plan, ruim voordat er een alarm afgaat. De werkplekpartner merkt dat veel "
            "meldingen over hetzelfde VPN-probleem gaan en stelt een structurele oplossing voor. "
            "Een collega van Energie Noord kondigt een reorganisatie vroeg aan, zodat de "
            "telefoniepartner de verhuizing van nummers kan voorbereiden."
        ),
        "in_practice_en": (
            "The datacentre partner sees in the trends that storage will be full in three months "
            "and comes with a plan long before an alarm goes off. The workplace partner notices that "
            "many tickets concern the same VPN problem and proposes a structural fix. A colleague at "
            "Energie Noord announces a reorganisation early so the telephony partner can prepare "
            "moving the numbers."
        ),
        "prompts_nl": (
            "Wat zag iemand aankomen, en wanneer?\n"
            "Welk voorstel of welke actie volgde, zonder dat erom gevraagd werd?\n"
            "Wat is er daardoor voorkomen of mogelijk geworden?"
        ),
        "prompts_en": (
            "What did someone see coming, and when?\n"
            "What proposal or action followed, without anyone asking for it?\n"
            "What was prevented or made possible because of it?"
        ),
    },
    {
        "slug": "feedback",
        "order": 40,
        "name_nl": "Feedback geven",
        "name_en": "Giving feedback",
        "summary_nl": (
            "Je vertelt de ander eerlijk en respectvol wat je ziet, wat goed gaat en wat beter kan, "
            "en je vraagt zelf ook om feedback."
        ),
        "summary_en": (
            "You tell the other side honestly and respectfully what you see, what goes well and "
            "what could be better, and you ask for feedback yourself too."
        ),
        "in_practice_nl": (
            "In een serviceoverleg benoemt een teamleider van Energie Noord concreet wat het "
            "afgelopen kwartaal beter kon in de afhandeling van werkplekmeldingen, en de partner "
            "vraagt door in plaats van zich te verdedigen. Een engineer van de telefoniepartner "
            "laat de opdrachtgever weten dat onduidelijke wijzigingsverzoeken vertraging geven. "
            "Feedback gaat over gedrag en gevolgen, niet over personen, en er volgt een afspraak."
        ),
        "in_practice_en": (
            "In a service review a team lead at Energie Noord names concretely what could have gone "
            "better in handling workplace tickets last quarter, and the partner asks questions "
            "instead of getting defensive. An engineer at the telephony partner tells the client "
            "that unclear change requests cause delays. Feedback is about behaviour and its "
            "effects, not about people, and it ends in an agreement."
        ),
        "prompts_nl": (
            "Welke feedback werd er gegeven, door wie aan wie?\n"
            "Hoe werd die ontvangen, en wat werd er afgesproken?\n"
            "Wat is er sindsdien veranderd?"
        ),
        "prompts_en": (
            "What feedback was given, by whom to whom?\n"
            "How was it received, and what was agreed?\n"
            "What has changed since?"
        ),
    },
]


def create_behaviours(apps, schema_editor):
    Behaviour = apps.get_model("behaviours", "Behaviour")
    for data in BEHAVIOURS:
        values = {key: value for key, value in data.items() if key != "slug"}
        Behaviour.objects.update_or_create(slug=data["slug"], defaults={**values, "active": True})


class Migration(migrations.Migration):
    dependencies = [
        ("behaviours", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_behaviours, migrations.RunPython.noop, elidable=False),
    ]
