import {OlistIcon} from '@sanity/icons'
import {defineArrayMember, defineField, defineType} from 'sanity'
import {isUniqueSlugPerType} from '../lib/validation'
import {SAFE_LINK_SCHEMES, topicsField} from './fields'

export const principleCount = (count: number) => `${count} principle${count === 1 ? '' : 's'}`

export const principleList = defineType({
  name: 'principleList',
  title: 'Principle list',
  type: 'document',
  icon: OlistIcon,
  fields: [
    defineField({name: 'title', type: 'string', validation: (rule) => rule.required()}),
    defineField({
      name: 'slug',
      type: 'slug',
      options: {source: 'title', maxLength: 96, isUnique: isUniqueSlugPerType},
      validation: (rule) => rule.required(),
    }),
    defineField({name: 'organization', type: 'string'}),
    defineField({name: 'intro', type: 'text', rows: 3}),
    defineField({
      name: 'principles',
      type: 'array',
      of: [defineArrayMember({type: 'principle'})],
      validation: (rule) => rule.required().min(1).error('Add at least one principle'),
    }),
    defineField({
      name: 'sourceUrl',
      title: 'Source URL',
      type: 'url',
      validation: (rule) => rule.uri({scheme: SAFE_LINK_SCHEMES}),
    }),
    defineField({name: 'date', type: 'date'}),
    topicsField(),
  ],
  preview: {
    select: {title: 'title', org: 'organization', principles: 'principles'},
    prepare: ({title, org, principles}) => ({
      title: title || 'Untitled principle list',
      subtitle: [org, principleCount(Array.isArray(principles) ? principles.length : 0)].filter(Boolean).join(' · '),
    }),
  },
})
