"""The service areas the partnership covers and a first "about our partnership" text.

Both are starting points that managers keep in admin afterwards, so existing rows are left as
they are (get_or_create): re-running never overwrites a manager's edit. The reverse is a no-op:
examples refer to the service areas.
"""

from django.db import migrations

SERVICE_AREAS = [
    ("datacentre", "Datacentrum", "Datacentre", 10),
    ("telephony", "Telefonie", "Telephony", 20),
    ("workplace-it", "Werkplek-IT", "Workplace IT", 30),
    ("network", "Netwerk", "Network", 40),
    ("application-management", "Applicatiebeheer", "Application management", 50),
]

ABOUT = {
    "title_nl": "Over ons partnerschap",
    "title_en": "About our partnership",
    "purpose_nl": (
        "Energie Noord heeft het beheer van het datacentrum, de telefonie en de werkplek-IT "
        "uitbesteed aan drie partners. Contracten en SLA's leggen vast *wat* we leveren; dit "
        "platform gaat over *hoe* we samenwerken.\n\n"
        "We hebben samen vier gedragingen benoemd die het verschil maken: **eigenaarschap**, "
        "**transparantie**, **proactiviteit** en **feedback geven**. Woorden krijgen pas betekenis "
        "door voorbeelden. Daarom delen medewerkers van alle organisaties hier, als "
        "gelijkwaardige partners, wat ze in hun dagelijkse werk zien gebeuren: wie pakte iets op, "
        "wie deelde open wat er misging, wie zag een probleem aankomen, wie durfde iets te zeggen."
    ),
    "purpose_en": (
        "Energie Noord has outsourced the management of its datacentre, telephony and workplace "
        "IT to three partners. Contracts and SLAs set out *what* we deliver; this platform is "
        "about *how* we work together.\n\n"
        "Together we named four behaviours that make the difference: **ownership**, "
        "**transparency**, **proactivity** and **giving feedback**. Words only get meaning through "
        "examples. That is why employees of every organisation share here, as equal partners, "
        "what they see happening in their daily work: who picked something up, who shared openly "
        "what went wrong, who saw a problem coming, who dared to speak up."
    ),
    "outcomes_nl": (
        "- Storingen die meerdere partners raken worden als één team opgelost, zonder discussie "
        "over wie er aan de beurt is.\n"
        "- Na elk groot incident volgt binnen vijf werkdagen een open evaluatie, gedeeld met alle "
        "betrokken partners.\n"
        "- Risico's en capaciteitstekorten worden gemeld voordat gebruikers er last van hebben.\n"
        "- In elk kwartaaloverleg geven opdrachtgever en partners elkaar feedback, in beide "
        "richtingen, en leggen ze afspraken vast.\n"
        "- Medewerkers van alle organisaties herkennen zich in de vier gedragingen en zien ze in "
        "elkaars werk terug."
    ),
    "outcomes_en": (
        "- Outages that affect several partners are solved as one team, without debating whose "
        "turn it is.\n"
        "- Every major incident is followed within five working days by an open review, shared "
        "with all partners involved.\n"
        "- Risks and capacity shortages are reported before users are affected.\n"
        "- In every quarterly review the client and its partners give each other feedback, both "
        "ways, and record what they agree.\n"
        "- Employees of every organisation recognise themselves in the four behaviours and see "
        "them in each other's work."
    ),
}


def create_service_areas_and_about(apps, schema_editor):
    ServiceArea = apps.get_model("partnership", "ServiceArea")
    AboutPartnership = apps.get_model("partnership", "AboutPartnership")
    for slug, name_nl, name_en, order in SERVICE_AREAS:
        ServiceArea.objects.get_or_create(
            slug=slug, defaults={"name_nl": name_nl, "name_en": name_en, "order": order}
        )
    # The historical model has no custom save(), so the singleton's pk is set explicitly.
    AboutPartnership.objects.get_or_create(pk=1, defaults=ABOUT)


class Migration(migrations.Migration):
    dependencies = [
        ("partnership", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            create_service_areas_and_about, migrations.RunPython.noop, elidable=False
        ),
    ]
