"""Load a realistic demo partnership: `python manage.py seed_demo` (safe to repeat).

A client (Energie Noord) and three partners, thirty members, about 150 examples over the last
fourteen months with comments, reactions, a few open reports and two hidden examples. The shape
is chosen so every dashboard has something to say:

- behaviours are skewed (ownership most, giving feedback least);
- recognition flows both ways between the client and Datacentrum Partners and TeleConnect,
  but only one way between the client and Werkplek Diensten (the client recognises them, they
  never recognise the client): the one one-way pair;
- TeleConnect has been quiet: no examples, comments or reactions in the last QUIET_DAYS days,
  and nobody recognised them in that time either, so no second one-way pair appears;
- more examples in recent months, as a platform that is catching on.

Everything is created through `examples.services` like in the app, then the timestamps are
moved into the past with bulk updates. Idempotent: organisations and accounts are keyed by slug
and email, and the content is only generated when none of the demo members has posted yet, in
one transaction, from a fixed random seed.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone, translation

from behaviours.models import Behaviour
from examples import services
from examples.models import Comment, Example, ModerationAction, Reaction, Report
from partnership.demo import (
    ADMIN_EMAIL,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    MANAGER_EMAIL,
)
from partnership.models import MODERATOR_GROUP, Organisation, ServiceArea, User

SEED = 20261125
DAYS_BACK = 425  # about fourteen months
QUIET_DAYS = 91  # TeleConnect's silence: thirteen weeks

CLIENT = "energie-noord"
DATACENTRE = "datacentrum-partners"
TELECOM = "teleconnect"
WORKPLACE = "werkplek-diensten"
QUIET_PARTNER = TELECOM

ORGANISATIONS = [
    {
        "slug": CLIENT,
        "name": "Energie Noord",
        "role": Organisation.Role.CLIENT,
        "domain": "energienoord.example",
        "description": (
            "Regionale energieleverancier met 1.400 medewerkers. Heeft datacentrum, telefonie en "
            "werkplek-IT uitbesteed en regisseert de partners."
        ),
    },
    {
        "slug": DATACENTRE,
        "name": "Datacentrum Partners",
        "role": Organisation.Role.PARTNER,
        "domain": "datacentrumpartners.example",
        "description": "Beheert de datacentra, opslag, back-up, het netwerk en de applicaties.",
    },
    {
        "slug": TELECOM,
        "name": "TeleConnect",
        "role": Organisation.Role.PARTNER,
        "domain": "teleconnect.example",
        "description": "Levert en beheert vaste en mobiele telefonie en de klantenservicelijnen.",
    },
    {
        "slug": WORKPLACE,
        "name": "Werkplek Diensten",
        "role": Organisation.Role.PARTNER,
        "domain": "werkplekdiensten.example",
        "description": "Verzorgt laptops, de servicedesk op locatie en de werkplekomgeving.",
    },
]

# (display name, job title, preferred language); the first client member is the manager.
MEMBERS: dict[str, list[tuple[str, str, str]]] = {
    CLIENT: [
        ("Marieke de Vries", "Partnershipmanager IT", "nl"),
        ("Jeroen Bakker", "Teamleider servicedesk", "nl"),
        ("Fatima El Amrani", "Contractmanager telefonie", "nl"),
        ("Ruben Visser", "Informatiemanager", "nl"),
        ("Sophie Mulder", "Functioneel beheerder klantportaal", "nl"),
        ("Daan Smit", "Security officer", "nl"),
        ("Linda Meijer", "Teamleider klantenservice", "nl"),
        ("Thomas Boer", "Architect", "nl"),
        ("Emma de Groot", "Vestigingsmanager Zwolle", "nl"),
        ("Kevin Bos", "Servicemanager werkplek", "nl"),
        ("Olga Kowalska", "Data engineer", "en"),
        ("Priya Raman", "IT-auditor", "en"),
    ],
    DATACENTRE: [
        ("Sanne Jansen", "Service delivery manager", "nl"),
        ("Mark van Dijk", "Storage engineer", "nl"),
        ("Youssef Haddou", "Netwerkbeheerder", "nl"),
        ("Eva Hendriks", "Applicatiebeheerder", "nl"),
        ("Bas Peters", "Teamlead operations", "nl"),
        ("Lars Nilsson", "Cloud architect", "en"),
        ("Anouk Dekker", "Incidentmanager", "nl"),
        ("Rajesh Iyer", "Database administrator", "en"),
    ],
    TELECOM: [
        ("Pieter Vermeulen", "Accountmanager", "nl"),
        ("Naomi Willems", "Engineer telefonie", "nl"),
        ("Hugo Maas", "Servicemanager", "nl"),
        ("Ilse Kramer", "Projectleider", "nl"),
        ("Tom Schouten", "Engineer contactcenter", "nl"),
        ("Grace Okafor", "Solution architect", "en"),
    ],
    WORKPLACE: [
        ("Joost de Wit", "Servicemanager", "nl"),
        ("Lotte Brouwer", "Werkplekspecialist", "nl"),
        ("Martijn Post", "Field engineer", "nl"),
        ("Nina Horvath", "Service desk lead", "en"),
        ("Rob Janssen", "Werkplekbeheerder", "nl"),
        ("Chloé Martin", "Asset manager", "en"),
    ],
}

BEHAVIOUR_WEIGHTS = {"ownership": 40, "transparency": 26, "proactivity": 21, "feedback": 13}
AUTHOR_ORG_WEIGHTS = {CLIENT: 44, DATACENTRE: 28, TELECOM: 14, WORKPLACE: 14}

# Who recognises whom: the author's organisation -> possible sets of recognised organisations.
# The client <-> Datacentrum Partners and TeleConnect, Datacentrum Partners <-> TeleConnect and
# Werkplek Diensten go both ways; Werkplek Diensten never recognises the client.
RECOGNITION: dict[str, list[tuple[tuple[str, ...], int]]] = {
    CLIENT: [((DATACENTRE,), 5), ((TELECOM,), 3), ((WORKPLACE,), 3), ((CLIENT, DATACENTRE), 1)],
    DATACENTRE: [
        ((CLIENT,), 4),
        ((DATACENTRE,), 2),
        ((CLIENT, DATACENTRE), 2),
        ((WORKPLACE,), 1),
        ((TELECOM,), 1),
    ],
    TELECOM: [((CLIENT,), 4), ((TELECOM,), 2), ((CLIENT, TELECOM), 1), ((DATACENTRE,), 1)],
    WORKPLACE: [((WORKPLACE,), 3), ((DATACENTRE,), 2)],
}

# The service areas each organisation's work touches, for examples that name one.
AREAS_OF = {
    CLIENT: ["application-management", "workplace-it", "telephony"],
    DATACENTRE: ["datacentre", "network", "application-management"],
    TELECOM: ["telephony"],
    WORKPLACE: ["workplace-it"],
}

THINGS = {
    "datacentre": [
        ("de opslagomgeving", "the storage platform"),
        ("het virtualisatiecluster", "the virtualisation cluster"),
        ("de back-upomgeving", "the backup environment"),
        ("de koeling in datazaal 2", "the cooling in data hall 2"),
    ],
    "telephony": [
        ("de telefooncentrale", "the phone system"),
        ("de klantenservicelijn", "the customer service line"),
        ("het bellen via Teams", "calling through Teams"),
        ("de storingslijn voor netbeheer", "the grid outage hotline"),
    ],
    "workplace-it": [
        ("de laptopuitrol", "the laptop roll-out"),
        ("de VPN-verbinding", "the VPN connection"),
        ("de printers op de vestigingen", "the printers at the offices"),
        ("de inlog met MFA", "signing in with MFA"),
    ],
    "network": [
        ("de wifi op het hoofdkantoor", "the Wi-Fi at head office"),
        ("een core-switch", "a core switch"),
        ("de firewall", "the firewall"),
        ("de verbinding met de onderstations", "the link to the substations"),
    ],
    "application-management": [
        ("het klantportaal", "the customer portal"),
        ("de facturatie-applicatie", "the billing application"),
        ("de meterstanden-app", "the meter readings app"),
        ("SAP", "SAP"),
    ],
}
SITES = [
    ("Groningen", "Groningen"),
    ("Zwolle", "Zwolle"),
    ("Leeuwarden", "Leeuwarden"),
    ("Assen", "Assen"),
    ("Emmen", "Emmen"),
]
WEEKDAYS = [
    ("maandag", "Monday"),
    ("dinsdag", "Tuesday"),
    ("woensdag", "Wednesday"),
    ("donderdag", "Thursday"),
    ("vrijdag", "Friday"),
]


@dataclass(frozen=True)
class Template:
    behaviour: str
    nl: tuple[str, str, str]  # title, what happened, what it did for the partnership
    en: tuple[str, str, str]
    # Whose colleague the story is about: "client", "partner" or "any" organisation.
    who: str = "any"


# Placeholders: {colleague} and {other} (a person and the organisation recognised), {author_org},
# {thing} (from the service area), {site}, {weekday}, {n}, {hours}, {weeks}.
TEMPLATES = [
    # Ownership
    Template(
        "ownership",
        (
            "Storing in {thing} samen opgelost",
            "Op {weekday}avond viel {thing} uit; {n} collega's in {site} konden niet verder. "
            "{colleague} ({other}) wachtte niet tot duidelijk was wiens contract het raakte, "
            "startte een bridge met de mensen van datacentrum, netwerk en werkplek en hield de "
            "servicedesk elk half uur op de hoogte. Na {hours} uur werkte alles weer.",
            "Geen discussie over schuld, maar één team. De gebruikers merkten dat we samen "
            "verantwoordelijkheid namen.",
        ),
        (
            "Outage in {thing} solved together",
            "On {weekday} evening {thing} went down and {n} colleagues in {site} were stuck. "
            "{colleague} ({other}) did not wait until it was clear whose contract it was, opened "
            "a bridge with the datacentre, network and workplace people and updated the service "
            "desk every half hour. After {hours} hours everything worked again.",
            "No blame game, one team. Users noticed that we took responsibility together.",
        ),
    ),
    Template(
        "ownership",
        (
            "{colleague} bleef erbij tot het echt was opgelost",
            "Een melding over {thing} ging drie keer heen en weer tussen teams. {colleague} "
            "({other}) trok hem naar zich toe, belde de melder in {site} zelf en sloot de melding "
            "pas af toen die weer kon werken. Daarna volgde nog een check een week later.",
            "De melder voelde zich gehoord en het doorschuiven van meldingen is een "
            "gespreksonderwerp geworden in het teamoverleg.",
        ),
        (
            "{colleague} stayed with it until it was really fixed",
            "A ticket about {thing} bounced between teams three times. {colleague} ({other}) took "
            "it on, called the person in {site} directly and only closed the ticket once they "
            "could work again, with a follow-up check a week later.",
            "The user felt heard, and passing tickets around is now a topic in the team meeting.",
        ),
    ),
    Template(
        "ownership",
        (
            "Wijziging aan {thing} teruggedraaid en zelf gemeld",
            "Na een geplande wijziging aan {thing} zag {colleague} ({other}) dat een koppeling "
            "haperde. In plaats van af te wachten draaide {colleague} de wijziging binnen "
            "twintig minuten terug en meldde het zelf bij de servicedesk, nog voordat er "
            "klachten binnenkwamen.",
            "Geen verrassingen voor de gebruikers en een betere wijziging een week later.",
        ),
        (
            "Change to {thing} rolled back and reported unprompted",
            "After a planned change to {thing}, {colleague} ({other}) noticed an interface "
            "faltering. Instead of waiting, {colleague} rolled the change back within twenty "
            "minutes and reported it to the service desk before any complaint came in.",
            "No surprises for users, and a better change a week later.",
        ),
    ),
    Template(
        "ownership",
        (
            "Melding over {thing} tussen twee contracten toch opgepakt",
            "Het probleem met {thing} zat precies op de grens van twee partners. {colleague} "
            "({other}) zei niet 'dat is niet van ons', maar regelde een gezamenlijke sessie, "
            "nam de coördinatie op zich en legde achteraf vast wie wat doet als het weer "
            "gebeurt.",
            "Een grijs gebied minder in de afspraken tussen de partners.",
        ),
        (
            "Ticket about {thing} between two contracts picked up anyway",
            "The problem with {thing} sat right on the boundary between two partners. {colleague} "
            "({other}) didn't say 'not ours' but set up a joint session, coordinated it and "
            "afterwards wrote down who does what if it happens again.",
            "One grey area less in the agreements between the partners.",
        ),
    ),
    Template(
        "ownership",
        (
            "Na de storing in {thing} ook de oorzaak laten wegnemen",
            "De storing in {thing} was snel verholpen, maar {colleague} ({other}) wilde weten "
            "waarom het gebeurde. De oorzaak lag bij een andere partij; {colleague} zocht daar "
            "contact, hielp de analyse en bleef het volgen tot de structurele oplossing er "
            "na {weeks} weken stond.",
            "Sindsdien is dezelfde storing niet meer teruggekomen.",
        ),
        (
            "After the outage in {thing}, the real cause removed too",
            "The outage in {thing} was fixed quickly, but {colleague} ({other}) wanted to know "
            "why it happened. The cause lay with another party; {colleague} got in touch, helped "
            "with the analysis and kept following it until the structural fix was in place "
            "{weeks} weeks later.",
            "The same outage has not come back since.",
        ),
    ),
    Template(
        "ownership",
        (
            "{colleague} keek in het weekend verder dan het eigen contract",
            "Tijdens de weekenddienst kwam er een alarm binnen over {thing}. Formeel hoefde "
            "{colleague} ({other}) alleen door te zetten, maar {colleague} keek mee, vond de "
            "oorzaak en zorgde met de collega van dienst bij de andere partner dat het maandag "
            "niemand in {site} opviel.",
            "Maandagochtend begon gewoon, zonder lange wachtrij bij de servicedesk.",
        ),
        (
            "{colleague} looked beyond their own contract at the weekend",
            "During the weekend shift an alarm came in about {thing}. Formally {colleague} "
            "({other}) only had to pass it on, but {colleague} dug in, found the cause and, with "
            "the on-call colleague at the other partner, made sure nobody in {site} noticed on "
            "Monday.",
            "Monday morning started as usual, with no queue at the service desk.",
        ),
    ),
    Template(
        "ownership",
        (
            "Nieuwe collega's in {site} persoonlijk op weg geholpen",
            "Bij de start van {n} nieuwe monteurs in {site} liep het mis met {thing}. "
            "{colleague} ({other}) kwam langs, regelde het ter plekke en bleef tot iedereen "
            "kon inloggen en bellen.",
            "Een goede eerste werkdag, en een vaste checklist voor de volgende groep.",
        ),
        (
            "New colleagues in {site} helped on their way in person",
            "When {n} new field engineers started in {site}, things went wrong with {thing}. "
            "{colleague} ({other}) came over, sorted it on the spot and stayed until everyone "
            "could sign in and make calls.",
            "A good first day, and a fixed checklist for the next group.",
        ),
    ),
    # Transparency
    Template(
        "transparency",
        (
            "Eerlijke evaluatie na de verstoring van {thing}",
            "Binnen vijf werkdagen deelde {colleague} ({other}) de evaluatie van de verstoring "
            "van {thing}, inclusief de eigen fout: een stap in het wijzigingsplan was "
            "overgeslagen. Geen gepolijst rapport, maar een tijdlijn, de oorzaak en wat er "
            "verandert.",
            "Het vertrouwen groeide juist doordat de fout niet werd weggemoffeld.",
        ),
        (
            "Honest review after the disruption of {thing}",
            "Within five working days {colleague} ({other}) shared the review of the "
            "disruption of {thing}, including their own mistake: a step in the change plan "
            "had been skipped. No polished report, but a timeline, the cause and what changes.",
            "Trust grew precisely because the mistake wasn't swept under the carpet.",
        ),
    ),
    Template(
        "transparency",
        (
            "Vroeg gemeld dat de migratie van {thing} uitloopt",
            "{colleague} ({other}) meldde {weeks} weken voor de deadline dat de migratie van "
            "{thing} niet op tijd klaar zou zijn, met de reden en twee opties. Niet pas op de "
            "dag zelf, zoals we vroeger gewend waren.",
            "We konden de planning in {site} nog aanpassen en niemand werd verrast.",
        ),
        (
            "Reported early that the migration of {thing} is running late",
            "{colleague} ({other}) reported {weeks} weeks before the deadline that the migration "
            "of {thing} would not be done in time, with the reason and two options. Not on the "
            "day itself, as we used to be used to.",
            "We could still adjust the schedule in {site} and nobody was caught off guard.",
        ),
    ),
    Template(
        "transparency",
        (
            "Cijfers over {thing} open gedeeld",
            "In het maandoverleg liet {colleague} ({other}) niet alleen de groene SLA-cijfers "
            "zien, maar ook de {n} meldingen over {thing} die net binnen de norm vielen en wat "
            "daar misging.",
            "Het gesprek ging over verbeteren in plaats van over het halen van de norm.",
        ),
        (
            "Figures on {thing} shared openly",
            "In the monthly review {colleague} ({other}) showed not only the green SLA figures "
            "but also the {n} tickets about {thing} that only just met the target, and what went "
            "wrong there.",
            "The conversation was about improving instead of about meeting the target.",
        ),
    ),
    Template(
        "transparency",
        (
            "Plannen voor {thing} vroeg gedeeld",
            "{colleague} ({other}) deelde de plannen en het budget voor {thing} al in het "
            "voorjaar met alle partners, inclusief wat nog onzeker is. Zo hoefden de partners "
            "niet te raden waar ze op moeten voorbereiden.",
            "De partners kwamen met voorstellen die echt bij onze plannen passen.",
        ),
        (
            "Plans for {thing} shared early",
            "{colleague} ({other}) shared the plans and budget for {thing} with all partners in "
            "spring, including what is still uncertain. The partners no longer had to guess what "
            "to prepare for.",
            "The partners came up with proposals that really fit our plans.",
        ),
        who="client",
    ),
    Template(
        "transparency",
        (
            "Fout in de factuur voor {thing} zelf gemeld",
            "{colleague} ({other}) ontdekte dat er maandenlang te veel licenties voor {thing} "
            "in rekening waren gebracht en meldde het zelf, met een voorstel voor verrekening. "
            "Niemand had het anders gemerkt.",
            "Dit soort eerlijkheid maakt de contractgesprekken een stuk prettiger.",
        ),
        (
            "Billing mistake for {thing} reported unprompted",
            "{colleague} ({other}) discovered that too many licences for {thing} had been billed "
            "for months and reported it unprompted, with a proposal to settle it. Nobody would "
            "have noticed otherwise.",
            "That kind of honesty makes contract talks a lot easier.",
        ),
        who="partner",
    ),
    # Proactivity
    Template(
        "proactivity",
        (
            "Capaciteitswaarschuwing voor {thing}, drie maanden vooruit",
            "{colleague} ({other}) zag in de trends dat {thing} over ongeveer drie maanden tegen "
            "de grens aan zou lopen en kwam met een plan en een kostenraming, ruim voordat er "
            "een alarm afging.",
            "Geen spoedaanvraag en geen verstoring tijdens de drukke jaarafsluiting.",
        ),
        (
            "Capacity warning for {thing}, three months ahead",
            "{colleague} ({other}) saw in the trends that {thing} would hit its limit in about "
            "three months and came with a plan and a cost estimate, long before any alarm went "
            "off.",
            "No rush order and no disruption during the busy year-end closing.",
        ),
    ),
    Template(
        "proactivity",
        (
            "Terugkerende meldingen over {thing} structureel aangepakt",
            "{colleague} ({other}) merkte dat {n} meldingen in een maand over hetzelfde probleem "
            "met {thing} gingen. Zonder dat iemand erom vroeg kwam er een voorstel voor een "
            "structurele oplossing, inclusief een test in {site}.",
            "Het aantal meldingen daalde daarna sterk en de servicedesk had lucht.",
        ),
        (
            "Recurring tickets about {thing} tackled for good",
            "{colleague} ({other}) noticed that {n} tickets in one month were about the same "
            "problem with {thing}. Without anyone asking, a proposal for a structural fix "
            "followed, including a pilot in {site}.",
            "The number of tickets dropped sharply and the service desk could breathe again.",
        ),
    ),
    Template(
        "proactivity",
        (
            "Beveiligingsupdate voor {thing} klaar voordat het alarm kwam",
            "Toen er een kwetsbaarheid werd aangekondigd die {thing} raakte, had {colleague} "
            "({other}) al een testomgeving klaar en een voorstel voor het onderhoudsvenster, "
            "nog voordat de leverancier een advies uitgaf.",
            "We waren binnen twee dagen veilig, zonder verstoring voor {site}.",
        ),
        (
            "Security update for {thing} ready before the alarm",
            "When a vulnerability affecting {thing} was announced, {colleague} ({other}) already "
            "had a test environment ready and a proposal for the maintenance window, before the "
            "vendor even issued advice.",
            "We were safe within two days, without disruption for {site}.",
        ),
    ),
    Template(
        "proactivity",
        (
            "Verhuizing in {site} vroeg aangekondigd",
            "{colleague} ({other}) liet {weeks} weken van tevoren weten dat een afdeling in "
            "{site} zou verhuizen. Daardoor kon de voorbereiding van {thing} op tijd beginnen "
            "in plaats van op het laatste moment.",
            "De verhuizing verliep zonder een dag uitval.",
        ),
        (
            "Move in {site} announced early",
            "{colleague} ({other}) let us know {weeks} weeks in advance that a department in "
            "{site} would move. That meant the preparation of {thing} could start in time "
            "instead of at the last minute.",
            "The move went ahead without a single day of downtime.",
        ),
        who="client",
    ),
    Template(
        "proactivity",
        (
            "Piektest voor {thing} uit eigen beweging voorgesteld",
            "Voor de jaarlijkse piek rond de jaarafrekening stelde {colleague} ({other}) voor "
            "om {thing} vooraf onder belasting te testen. Er kwamen {n} knelpunten uit die nog "
            "op tijd zijn opgelost.",
            "De piek verliep rustig, voor het eerst in jaren.",
        ),
        (
            "Peak-load test for {thing} proposed unprompted",
            "Ahead of the yearly peak around the annual bills, {colleague} ({other}) proposed "
            "load testing {thing} in advance. It revealed {n} bottlenecks that were fixed in "
            "time.",
            "The peak went smoothly, for the first time in years.",
        ),
    ),
    # Giving feedback
    Template(
        "feedback",
        (
            "Feedback in het serviceoverleg over {thing}",
            "In het kwartaaloverleg benoemde {colleague} ({other}) concreet wat beter kon rond "
            "{thing}: te late terugkoppeling en onduidelijke prioriteiten. Geen verwijten, wel "
            "voorbeelden, en de andere kant vroeg door in plaats van zich te verdedigen.",
            "We maakten twee afspraken en evalueren die in het volgende overleg.",
        ),
        (
            "Feedback in the service review about {thing}",
            "In the quarterly review {colleague} ({other}) named concretely what could be better "
            "around {thing}: late updates and unclear priorities. No accusations, but examples, "
            "and the other side asked questions instead of getting defensive.",
            "We made two agreements and will review them in the next meeting.",
        ),
    ),
    Template(
        "feedback",
        (
            "Eerlijk gezegd dat wijzigingsverzoeken voor {thing} onduidelijk zijn",
            "{colleague} ({other}) gaf aan dat wijzigingsverzoeken voor {thing} vaak zonder "
            "doel of deadline binnenkomen, met {n} voorbeelden erbij. Niet makkelijk om te "
            "zeggen tegen de opdrachtgever, maar het was terecht.",
            "Er is nu een kort sjabloon voor wijzigingsverzoeken en de doorlooptijd is korter.",
        ),
        (
            "Said honestly that change requests for {thing} are unclear",
            "{colleague} ({other}) pointed out that change requests for {thing} often arrive "
            "without a goal or deadline, with {n} examples. Not easy to say to the client, but "
            "it was fair.",
            "There is now a short template for change requests and lead times are shorter.",
        ),
        who="partner",
    ),
    Template(
        "feedback",
        (
            "Zelf om feedback gevraagd na de oplevering van {thing}",
            "Na de oplevering van {thing} vroeg {colleague} ({other}) de gebruikers in {site} "
            "en de andere partners wat er beter had gekund, en deelde de antwoorden daarna "
            "met iedereen.",
            "Drie verbeterpunten zijn meegenomen in het volgende project.",
        ),
        (
            "Asked for feedback after delivering {thing}",
            "After delivering {thing}, {colleague} ({other}) asked users in {site} and the other "
            "partners what could have been better, and then shared the answers with everyone.",
            "Three improvements were taken into the next project.",
        ),
    ),
    Template(
        "feedback",
        (
            "Na de incidentoefening rond {thing} direct feedback gegeven",
            "Bij de incidentoefening rond {thing} gaf {colleague} ({other}) meteen na afloop "
            "feedback: de escalatielijst klopte niet en niemand wist wie het woord voerde. "
            "Rustig, concreet en met een voorstel.",
            "De escalatielijst is dezelfde week aangepast en de volgende oefening liep beter.",
        ),
        (
            "Feedback straight after the incident drill on {thing}",
            "Right after the incident drill around {thing}, {colleague} ({other}) gave feedback: "
            "the escalation list was wrong and nobody knew who was in charge. Calm, concrete and "
            "with a proposal.",
            "The escalation list was fixed that same week and the next drill went better.",
        ),
    ),
]

COMMENTS = {
    "nl": [
        "Mooi voorbeeld, dit herken ik.",
        "Goed dat dit gedeeld wordt. Kunnen we dit meenemen in de kwartaalreview?",
        "Dank {colleague}, dit scheelde ons veel tijd.",
        "Dit is precies wat we bedoelden toen we de gedragingen afspraken.",
        "Zo zie je maar dat het niet om contracten gaat maar om mensen.",
        "Wij hadden vorige maand iets vergelijkbaars in {site}.",
        "Hoe hebben jullie dit daarna vastgelegd?",
        "Top. Ik ga dit delen in ons teamoverleg.",
        "Had dit ook eerder gekund? Ben benieuwd wat ervoor nodig was.",
        "Herkenbaar, en fijn dat het zo is opgepakt.",
    ],
    "en": [
        "Great example, I recognise this.",
        "Good that this is shared. Could we take it into the quarterly review?",
        "Thanks {colleague}, this saved us a lot of time.",
        "This is exactly what we meant when we agreed on the behaviours.",
        "Shows it's about people, not contracts.",
        "We had something similar in {site} last month.",
        "How did you record this afterwards?",
        "I'll share this in our team meeting.",
    ],
}

REPORT_REASONS = [
    "Er staat een volledig klantnummer in de tekst.",
    "Deze reactie noemt een collega bij naam op een vervelende manier.",
    "I think this describes an incident that is still under investigation.",
    "Bevat details van een beveiligingsinstelling die niet breed gedeeld moeten worden.",
]
HIDE_REASONS = [
    "Bevat namen van eindgebruikers en een ticketnummer; plaats het graag opnieuw zonder "
    "persoonsgegevens.",
    "Beschrijft een beveiligingsincident dat nog in onderzoek is; we zetten het terug als het "
    "is afgerond.",
]


@dataclass(frozen=True)
class Plan:
    """One example to create: who posts it, about which behaviour, recognising whom, when."""

    author: User
    behaviour: str
    recognised: tuple[str, ...]
    days_ago: int


class Command(BaseCommand):
    help = "Load the demo partnership (organisations, members, examples); safe to repeat."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run with DEBUG off too (a demo server). The accounts share a published password.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo creates accounts, including a superuser, with a published password. "
                "Run it with DEBUG=1, or pass --force on a demo server."
            )
        started = time.monotonic()
        with transaction.atomic():
            organisations = self.ensure_organisations()
            members = self.ensure_members(organisations)
            demo_emails = [m.email for people in members.values() for m in people]
            if Example.objects.filter(author__email__in=demo_emails).exists():
                self.stdout.write("Demo content is already there; nothing changed.")
            else:
                self.create_content(organisations, members)
        self.print_summary(time.monotonic() - started)

    # Organisations and people -----------------------------------------------------------------

    def ensure_organisations(self) -> dict[str, Organisation]:
        organisations = {}
        for data in ORGANISATIONS:
            organisations[data["slug"]], _ = Organisation.objects.get_or_create(
                slug=data["slug"],
                defaults={
                    "name": data["name"],
                    "role": data["role"],
                    "description": data["description"],
                },
            )
        return organisations

    def ensure_members(self, organisations: dict[str, Organisation]) -> dict[str, list[User]]:
        # One hash for every demo account: hashing thirty passwords with Argon2 takes seconds.
        password = make_password(DEMO_PASSWORD)
        joined = timezone.now() - timedelta(days=DAYS_BACK + 30)
        members: dict[str, list[User]] = {}
        for data in ORGANISATIONS:
            slug = data["slug"]
            members[slug] = []
            for name, job_title, language in MEMBERS[slug]:
                user, _ = User.objects.get_or_create(
                    email=_email(name, data["domain"]),
                    defaults={
                        "display_name": name,
                        "organisation": organisations[slug],
                        "job_title": job_title,
                        "preferred_language": language,
                        "password": password,
                        "date_joined": joined,
                    },
                )
                members[slug].append(user)
        group, _ = Group.objects.get_or_create(name=MODERATOR_GROUP)
        manager = User.objects.get(email=MANAGER_EMAIL)
        if not manager.is_staff:
            manager.is_staff = True
            manager.save(update_fields=["is_staff"])
        manager.groups.add(group)
        if not User.objects.filter(email=ADMIN_EMAIL).exists():
            User.objects.create_superuser(
                ADMIN_EMAIL, None, display_name="Platformbeheer", date_joined=joined
            )
            User.objects.filter(email=ADMIN_EMAIL).update(password=password)
        return members

    # Content ----------------------------------------------------------------------------------

    def create_content(
        self, organisations: dict[str, Organisation], members: dict[str, list[User]]
    ) -> None:
        rng = random.Random(SEED)
        now = timezone.now()
        behaviours = {b.slug: b for b in Behaviour.objects.filter(slug__in=BEHAVIOUR_WEIGHTS)}
        missing = set(BEHAVIOUR_WEIGHTS) - set(behaviours)
        if missing:
            raise CommandError(
                f"Behaviours missing ({', '.join(sorted(missing))}); run `manage.py migrate`."
            )
        areas = {a.slug: a for a in ServiceArea.objects.all()}
        manager = User.objects.get(email=MANAGER_EMAIL)
        everyone = [m for people in members.values() for m in people]
        # A few enthusiasts write most, and the last two of every organisation only read and
        # react: realistic participation, so the dashboard's contributor figures mean something.
        author_weights = {
            m.pk: (0 if i >= len(people) - 2 else 6 if i < 2 else 3 if i < 5 else 1)
            for people in members.values()
            for i, m in enumerate(people)
        }
        self.author_weights = author_weights

        plans = self.plan_examples(rng, members, author_weights)
        created: list[tuple[Example, datetime]] = []
        for plan in plans:
            example = self.post(rng, plan, organisations, members, behaviours, areas)
            created.append((example, _moment(rng, now, plan.days_ago)))
        created.sort(key=lambda pair: pair[1])

        comments: list[tuple[Comment, datetime]] = []
        reactions: list[tuple[int, int, datetime]] = []
        for example, posted_at in created:
            comments += self.discuss(rng, example, posted_at, now, everyone, members)
            reactions += self.react(rng, example, posted_at, now, everyone)

        self.backdate(created, comments, reactions)
        self.moderate(rng, created, comments, now, manager, members)

    def plan_examples(
        self,
        rng: random.Random,
        members: dict[str, list[User]],
        author_weights: dict[int, int],
    ) -> list[Plan]:
        plans: list[Plan] = []

        def add(org: str, recognised: tuple[str, ...], days_ago: int, behaviour: str) -> None:
            people = members[org]
            author = rng.choices(people, weights=[author_weights[p.pk] for p in people])[0]
            plans.append(Plan(author, behaviour, recognised, days_ago))

        # Anchors: every recognition direction shows up in the last month (TeleConnect's before
        # its silence), so each period filter shows the same one-way pair.
        for org, options in RECOGNITION.items():
            for recognised, _weight in options:
                quiet = org == QUIET_PARTNER or QUIET_PARTNER in recognised
                days_ago = rng.randint(QUIET_DAYS + 5, 200) if quiet else rng.randint(1, 25)
                add(org, recognised, days_ago, _weighted(rng, BEHAVIOUR_WEIGHTS))

        while len(plans) < 150:
            org = _weighted(rng, AUTHOR_ORG_WEIGHTS)
            recognised = rng.choices(
                [r for r, _ in RECOGNITION[org]], weights=[w for _, w in RECOGNITION[org]]
            )[0]
            # Skewed towards recent months: the platform is catching on.
            days_ago = int(DAYS_BACK * rng.random() ** 1.4)
            quiet = org == QUIET_PARTNER or QUIET_PARTNER in recognised
            if quiet and days_ago < QUIET_DAYS:
                continue
            add(org, recognised, days_ago, _weighted(rng, BEHAVIOUR_WEIGHTS))
        return plans

    def post(
        self,
        rng: random.Random,
        plan: Plan,
        organisations: dict[str, Organisation],
        members: dict[str, list[User]],
        behaviours: dict[str, Behaviour],
        areas: dict[str, ServiceArea],
    ) -> Example:
        author_org = plan.author.organisation
        assert author_org is not None
        # The organisation the story is about, and one of its people as the colleague named.
        other_slug = next(
            (slug for slug in plan.recognised if slug != author_org.slug), plan.recognised[0]
        )
        other = organisations[other_slug]
        colleague = rng.choice([m for m in members[other_slug] if m.pk != plan.author.pk])
        partner_slug = other_slug if other_slug != CLIENT else author_org.slug
        area_slug = rng.choice(AREAS_OF[partner_slug])
        who = "client" if other.role == Organisation.Role.CLIENT else "partner"
        template = rng.choice(
            [t for t in TEMPLATES if t.behaviour == plan.behaviour and t.who in (who, "any")]
        )
        english = plan.author.preferred_language == "en"
        thing = rng.choice(THINGS[area_slug])[1 if english else 0]
        site = rng.choice(SITES)[1 if english else 0]
        weekday = rng.choice(WEEKDAYS)[1 if english else 0]
        values = {
            "colleague": colleague.display_name.split()[0],
            "other": other.name,
            "author_org": author_org.name,
            "thing": thing,
            "site": site,
            "weekday": weekday,
            "n": rng.randint(3, 40),
            "hours": rng.randint(2, 6),
            "weeks": rng.randint(2, 8),
        }
        title, story, impact = template.en if english else template.nl
        happened_on = timezone.localdate() - timedelta(days=plan.days_ago + rng.randint(0, 6))
        return services.post_example(
            author=plan.author,
            title=_capitalise(title.format(**values)),
            what_happened=story.format(**values),
            partnership_impact=impact.format(**values) if rng.random() < 0.8 else "",
            behaviour=behaviours[plan.behaviour],
            happened_on=happened_on,
            recognised_organisations=[organisations[slug] for slug in plan.recognised],
            # Most examples name the service area; some are about the collaboration in general.
            service_area=areas.get(area_slug) if rng.random() < 0.85 else None,
        )

    def discuss(
        self,
        rng: random.Random,
        example: Example,
        posted_at: datetime,
        now: datetime,
        everyone: list[User],
        members: dict[str, list[User]],
    ) -> list[tuple[Comment, datetime]]:
        quiet_until = now - timedelta(days=QUIET_DAYS)
        quiet_members = {m.pk for m in members[QUIET_PARTNER]}
        result = []
        count = rng.choices(range(7), weights=[22, 20, 18, 14, 11, 8, 7])[0]
        at = posted_at
        for _ in range(count):
            at = min(at + timedelta(hours=rng.randint(1, 72)), now - timedelta(minutes=5))
            others = [m for m in everyone if m.pk != example.author_id]
            commenter = rng.choices(others, weights=[self.author_weights[m.pk] for m in others])[0]
            if commenter.pk in quiet_members and at >= quiet_until:
                continue
            language = commenter.preferred_language
            body = rng.choice(COMMENTS[language]).format(
                colleague=example.author.display_name.split()[0],
                site=rng.choice(SITES)[1 if language == "en" else 0],
            )
            comment = services.post_comment(example=example, author=commenter, body=body)
            result.append((comment, at))
        return result

    def react(
        self,
        rng: random.Random,
        example: Example,
        posted_at: datetime,
        now: datetime,
        everyone: list[User],
    ) -> list[tuple[int, int, datetime]]:
        quiet_until = now - timedelta(days=QUIET_DAYS)
        count = min(int(rng.expovariate(1 / 4)), 14)
        result = []
        # sample() picks distinct members, so the one-reaction-per-member rule holds.
        for member in rng.sample([m for m in everyone if m.pk != example.author_id], count):
            at = min(posted_at + timedelta(hours=rng.randint(1, 240)), now - timedelta(minutes=5))
            org = member.organisation
            if org is not None and org.slug == QUIET_PARTNER and at >= quiet_until:
                continue
            services.toggle_reaction(example=example, member=member)
            result.append((example.pk, member.pk, at))
        return result

    def backdate(
        self,
        created: list[tuple[Example, datetime]],
        comments: list[tuple[Comment, datetime]],
        reactions: list[tuple[int, int, datetime]],
    ) -> None:
        """Move everything into the past so the dashboards show fourteen months of history."""
        examples = []
        for example, at in created:
            example.created_at = example.updated_at = at
            examples.append(example)
        Example.objects.bulk_update(examples, ["created_at", "updated_at"], batch_size=200)
        for comment, at in comments:
            comment.created_at = comment.updated_at = at
        Comment.objects.bulk_update(
            [c for c, _ in comments], ["created_at", "updated_at"], batch_size=200
        )
        by_key = {(e, m): at for e, m, at in reactions}
        rows = list(Reaction.objects.filter(example__in=[e for e, _ in created]))
        for row in rows:
            row.created_at = by_key[(row.example_id, row.member_id)]
        Reaction.objects.bulk_update(rows, ["created_at"], batch_size=200)

    def moderate(
        self,
        rng: random.Random,
        created: list[tuple[Example, datetime]],
        comments: list[tuple[Comment, datetime]],
        now: datetime,
        manager: User,
        members: dict[str, list[User]],
    ) -> None:
        """Two hidden examples (one after a report) and a few open reports for the queue."""
        quiet = {m.pk for m in members[QUIET_PARTNER]}
        reporters = [
            m
            for slug, people in members.items()
            if slug != QUIET_PARTNER
            for m in people
            if m.pk != manager.pk
        ]
        # Hide only client examples about Datacentrum Partners: there are plenty, so no
        # recognition direction or organisation's activity depends on them.
        candidates = [
            (example, at)
            for example, at in created
            if example.author_organisation.slug == CLIENT
            and 30 < (now - at).days < 200
            and [o.slug for o in example.recognised_organisations.all()] == [DATACENTRE]
        ]
        (first, first_at), (second, second_at) = rng.sample(candidates, 2)

        reporter = rng.choice([r for r in reporters if r.pk != first.author_id])
        report = services.report_content(reporter=reporter, example=first, reason=REPORT_REASONS[0])
        services.resolve_report(
            report=report,
            moderator=manager,
            outcome=Report.Outcome.HIDDEN,
            note=HIDE_REASONS[0],
        )
        self.move(first, report, at=first_at + timedelta(days=2))
        services.hide_content(item=second, moderator=manager, reason=HIDE_REASONS[1])
        self.move(second, None, at=second_at + timedelta(days=1))

        # Open reports, recent, on items from different people, one report per item.
        recent_examples = [
            e for e, at in created if (now - at).days < 60 and e.pk not in (first.pk, second.pk)
        ]
        recent_comments = [
            c
            for c, at in comments
            if (now - at).days < 45
            and c.author_id not in quiet
            and c.example_id not in (first.pk, second.pk)
        ]
        targets: list[tuple[str, Any]] = [("example", e) for e in rng.sample(recent_examples, 2)]
        targets += [("comment", c) for c in rng.sample(recent_comments, 2)]
        for (kind, item), reason in zip(targets, REPORT_REASONS, strict=True):
            reporter = rng.choice([r for r in reporters if r.pk != item.author_id])
            report = services.report_content(reporter=reporter, reason=reason, **{kind: item})
            Report.objects.filter(pk=report.pk).update(
                created_at=min(item.created_at + timedelta(days=1), now)
            )

    def move(self, example: Example, report: Report | None, *, at: datetime) -> None:
        """Date a moderation step shortly after the example instead of today."""
        Example.objects.filter(pk=example.pk).update(moderated_at=at)
        ModerationAction.objects.filter(example=example).update(created_at=at)
        if report is not None:
            Report.objects.filter(pk=report.pk).update(
                created_at=at - timedelta(hours=20), resolved_at=at
            )

    # Output -----------------------------------------------------------------------------------

    def print_summary(self, seconds: float) -> None:
        write = self.stdout.write
        write(
            self.style.SUCCESS(
                f"Demo partnership ({seconds:.1f}s): "
                f"{Organisation.objects.count()} organisations, "
                f"{User.objects.filter(organisation__isnull=False).count()} members, "
                f"{Example.objects.count()} examples, {Comment.objects.count()} comments, "
                f"{Reaction.objects.count()} reactions, {Report.objects.open().count()} open "
                "reports."
            )
        )
        write("")
        write(f"Demo logins (password for every account: {DEMO_PASSWORD}):")
        with translation.override("en"):
            for login in DEMO_LOGINS:
                write(f"  {login.role!s:<20} {login.email}")


def _email(name: str, domain: str) -> str:
    first, *rest = name.lower().split()
    return f"{first}.{''.join(rest)}@{domain}"


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _moment(rng: random.Random, now: datetime, days_ago: int) -> datetime:
    """A moment in office hours (Amsterdam time) `days_ago` days back, never in the future."""
    local = timezone.localtime(now) - timedelta(days=days_ago)
    at = local.replace(hour=rng.randint(8, 17), minute=rng.randint(0, 59), second=0, microsecond=0)
    return min(at, now - timedelta(minutes=30))
